/** The default `imsx_codeMinorFieldValue` for each status, as Timeback's OneRoster spec gives it. */
const DEFAULT_CODE_MINOR: Record<number, string> = {
  400: 'invaliddata',
  401: 'unauthorisedrequest',
  403: 'forbidden',
  404: 'unknownobject',
  422: 'invaliddata',
  429: 'server_busy',
  500: 'internal_server_error',
};

export function defaultCodeMinor(status: number): string {
  return DEFAULT_CODE_MINOR[status] ?? (status >= 500 ? 'internal_server_error' : 'invaliddata');
}

/** A spec-shaped 1EdTech error body. */
export function imsxError(status: number, description: string, codeMinor = defaultCodeMinor(status)) {
  return {
    imsx_codeMajor: 'failure',
    imsx_severity: 'error',
    imsx_description: description,
    imsx_CodeMinor: {
      imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: codeMinor }],
    },
  };
}
