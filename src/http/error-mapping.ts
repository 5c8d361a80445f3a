import { AxiosError, type AxiosResponse, type InternalAxiosRequestConfig, isAxiosError } from 'axios';
import {
  TimebackAuthError,
  TimebackConflictError,
  TimebackError,
  type TimebackErrorDetails,
  TimebackForbiddenError,
  TimebackNetworkError,
  TimebackNotFoundError,
  TimebackRateLimitError,
  TimebackResponseError,
  TimebackServerError,
  TimebackValidationError,
  type ImsxStatusInfo,
} from '../errors/timeback.errors.js';
import { parseRetryAfterMs } from './retry-policy.js';
import type { Redactor } from './redaction.js';

type RequestConfig = Pick<InternalAxiosRequestConfig, 'method' | 'url' | 'baseURL'>;

/** Method and URL path (never the query string) of a request, for error messages. */
export function describeRequest(config: RequestConfig | undefined): { method?: string; path?: string } {
  if (!config) return {};
  const method = (config.method ?? 'get').toUpperCase();
  const base = config.baseURL ?? '';
  const relative = config.url ?? '';
  const joined = base && relative ? `${base.replace(/\/+$/, '')}/${relative.replace(/^\/+/, '')}` : base || relative;
  try {
    return { method, path: new URL(joined, 'http://relative.invalid').pathname };
  } catch {
    return { method };
  }
}

export function requestIdOf(response: Pick<AxiosResponse, 'headers'> | undefined): string | undefined {
  const headers = response?.headers;
  if (!headers) return undefined;
  const value = headers['x-request-id'] ?? headers['x-amzn-requestid'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The `imsx_StatusInfo` of a 1EdTech error body, at the top level or nested. */
export function parseImsx(body: unknown): ImsxStatusInfo | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  const info = (record.imsx_StatusInfo ?? record) as Record<string, unknown>;
  if (typeof info.imsx_codeMajor !== 'string' && typeof info.imsx_description !== 'string') return undefined;
  const minor = (info.imsx_CodeMinor as { imsx_codeMinorField?: unknown } | undefined)?.imsx_codeMinorField;
  const codeMinor = Array.isArray(minor)
    ? minor.map((field) => (field as { imsx_codeMinorFieldValue?: unknown })?.imsx_codeMinorFieldValue).filter((v): v is string => typeof v === 'string')
    : undefined;
  return {
    ...(typeof info.imsx_codeMajor === 'string' ? { codeMajor: info.imsx_codeMajor } : {}),
    ...(typeof info.imsx_severity === 'string' ? { severity: info.imsx_severity } : {}),
    ...(typeof info.imsx_description === 'string' ? { description: info.imsx_description } : {}),
    ...(codeMinor && codeMinor.length > 0 ? { codeMinor } : {}),
  };
}

/** The OAuth 2.0 error body of RFC 6749 §5.2. */
export function parseOAuthError(body: unknown): { error?: string; description?: string } {
  if (!body || typeof body !== 'object') return {};
  const { error, error_description: description } = body as Record<string, unknown>;
  return {
    ...(typeof error === 'string' ? { error } : {}),
    ...(typeof description === 'string' ? { description } : {}),
  };
}

/** An Error that keeps only the redacted message and code of a transport error, never its config or headers. */
export function sanitizedCause(error: unknown, redactor: Redactor): Error | undefined {
  if (!(error instanceof Error)) return undefined;
  const cause = new Error(redactor.redact(error.message));
  cause.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(cause, { code });
  cause.stack = `${cause.name}: ${cause.message}`;
  return cause;
}

/** Details shared by every error built from an HTTP answer. */
export function responseDetails(
  config: RequestConfig | undefined,
  response: AxiosResponse | undefined,
  redactor: Redactor,
): TimebackErrorDetails {
  const body = redactor.excerpt(response?.data);
  return {
    ...describeRequest(config),
    status: response?.status,
    requestId: requestIdOf(response),
    body,
    imsx: parseImsx(body),
  };
}

function errorClassFor(status: number) {
  if (status === 400 || status === 422) return TimebackValidationError;
  if (status === 401) return TimebackAuthError;
  if (status === 403) return TimebackForbiddenError;
  if (status === 404) return TimebackNotFoundError;
  if (status === 409) return TimebackConflictError;
  if (status >= 500) return TimebackServerError;
  return TimebackResponseError;
}

/** Turns anything a request can fail with into one of the typed, redacted `TimebackError`s. */
export function toTimebackError(error: unknown, redactor: Redactor): TimebackError {
  if (error instanceof TimebackError) return error;
  const cause = sanitizedCause(error, redactor);
  if (!isAxiosError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new TimebackError(redactor.redact(message), { cause });
  }

  const { response, config } = error;
  if (!response) {
    const code = error.code ?? 'ERR_NETWORK';
    const request = describeRequest(config);
    if (code === AxiosError.ERR_BAD_RESPONSE || code === 'ERR_FR_MAX_CONTENT_LENGTH_EXCEEDED') {
      return new TimebackResponseError(`${request.method} ${request.path} failed: ${redactor.redact(error.message)}`, {
        ...request,
        code,
        cause,
      });
    }
    return new TimebackNetworkError(`${request.method} ${request.path} failed: ${redactor.redact(error.message)} (${code})`, {
      ...request,
      code,
      cause,
    });
  }

  const details: TimebackErrorDetails = { ...responseDetails(config, response, redactor), cause };
  const status = response.status;
  const reason = describeFailure(status, error, details);
  const message = `${details.method} ${details.path} failed with ${status}: ${reason}`;

  if (status >= 200 && status < 300) return new TimebackResponseError(message, details);
  if (status === 429) {
    return new TimebackRateLimitError(message, { ...details, retryAfterMs: parseRetryAfterMs(response.headers?.['retry-after']) });
  }
  if (status === 401) {
    return new TimebackAuthError(message, { ...details, oauthError: parseOAuthError(details.body).error });
  }
  const ErrorClass = errorClassFor(status);
  return new ErrorClass(message, details);
}

function describeFailure(status: number, error: AxiosError, details: TimebackErrorDetails): string {
  if (error.code === AxiosError.ERR_BAD_RESPONSE && status < 300) return 'the body is not valid JSON';
  if (status >= 300 && status < 400) return 'redirects are not followed';
  const oauth = parseOAuthError(details.body);
  const text = details.imsx?.description ?? oauth.description ?? messageOf(details.body) ?? oauth.error;
  if (text) return text;
  return typeof details.body === 'string' ? 'unexpected non-JSON body' : (error.response?.statusText || 'request failed');
}

/** The `message` of the plain `{ status, message }` / `{ error, message }` bodies QTI and Caliper send. */
function messageOf(body: unknown): string | undefined {
  const message = body && typeof body === 'object' ? (body as Record<string, unknown>).message : undefined;
  return typeof message === 'string' && message !== '' ? message : undefined;
}
