import { inspect } from 'node:util';

/** The `imsx_StatusInfo` fields of a 1EdTech error body. */
export interface ImsxStatusInfo {
  codeMajor?: string;
  severity?: string;
  description?: string;
  codeMinor?: string[];
}

export interface TimebackErrorDetails {
  status?: number;
  method?: string;
  path?: string;
  requestId?: string;
  /** A bounded, redacted excerpt of the upstream body: parsed JSON or at most 1 KB of text. */
  body?: unknown;
  imsx?: ImsxStatusInfo;
  /** A transport error code such as `ECONNRESET` or `ETIMEDOUT`. */
  code?: string;
  cause?: unknown;
}

/**
 * The base of every error this package throws. Its message, `toJSON()` and
 * `util.inspect` output are built only from redacted fields, so an error can be
 * logged whole without leaking a token or the client secret.
 */
export class TimebackError extends Error {
  readonly status?: number;
  readonly method?: string;
  readonly path?: string;
  readonly requestId?: string;
  readonly body?: unknown;
  readonly imsx?: ImsxStatusInfo;
  readonly code?: string;

  constructor(message: string, details: TimebackErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.requestId = details.requestId;
    this.body = details.body;
    this.imsx = details.imsx;
    this.code = details.code;
  }

  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message };
    for (const key of ['status', 'method', 'path', 'requestId', 'code', 'imsx', 'body'] as const) {
      if (this[key] !== undefined) json[key] = this[key];
    }
    return json;
  }

  [inspect.custom](_depth: number, options: object): string {
    const { name: _name, message: _message, ...fields } = this.toJSON();
    const extra = Object.keys(fields).length > 0 ? ` ${inspect(fields, options)}` : '';
    return `${this.stack ?? `${this.name}: ${this.message}`}${extra}`;
  }
}

/** Invalid or missing configuration. Lists every problem at once in `problems`. */
export class TimebackConfigError extends TimebackError {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid Timeback configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), problems: this.problems };
  }
}

/** The token endpoint refused or failed, or an API answered 401 twice. */
export class TimebackAuthError extends TimebackError {
  /** The OAuth 2.0 `error` code (`invalid_client`, `invalid_scope`, …) when the IdP sent one. */
  readonly oauthError?: string;

  constructor(message: string, details: TimebackErrorDetails & { oauthError?: string } = {}) {
    super(message, details);
    this.oauthError = details.oauthError;
  }

  override toJSON(): Record<string, unknown> {
    const json = super.toJSON();
    if (this.oauthError !== undefined) json.oauthError = this.oauthError;
    return json;
  }
}

export class TimebackForbiddenError extends TimebackError {}

export class TimebackNotFoundError extends TimebackError {}

/** 400 or 422 from the API, or a request the client refused to send. */
export class TimebackValidationError extends TimebackError {}

export class TimebackConflictError extends TimebackError {}

export class TimebackRateLimitError extends TimebackError {
  /** How long the API asked us to wait, from `Retry-After`. */
  readonly retryAfterMs?: number;

  constructor(message: string, details: TimebackErrorDetails & { retryAfterMs?: number } = {}) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }

  override toJSON(): Record<string, unknown> {
    const json = super.toJSON();
    if (this.retryAfterMs !== undefined) json.retryAfterMs = this.retryAfterMs;
    return json;
  }
}

export class TimebackServerError extends TimebackError {}

/** Timeouts, resets, refused connections and DNS failures; `code` names which. */
export class TimebackNetworkError extends TimebackError {}

/** An answer the client cannot use: a malformed or unexpected body, a redirect, an unmapped status. */
export class TimebackResponseError extends TimebackError {}
