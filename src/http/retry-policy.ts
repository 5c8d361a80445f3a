/** Methods that may be sent twice without changing the outcome (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Transport failures where the request may never have reached the server. Timeouts are not here: `timeoutMs` bounds the call. */
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

export const RETRY_BASE_DELAY_MS = 200;
export const RETRY_MAX_DELAY_MS = 5_000;
/** A `Retry-After` longer than this fails the call at once. */
export const RETRY_AFTER_LIMIT_MS = 30_000;

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  retryAfterLimitMs: number;
  random: () => number;
}

export function defaultRetryPolicy(maxRetries: number): RetryPolicy {
  return {
    maxRetries,
    baseDelayMs: RETRY_BASE_DELAY_MS,
    maxDelayMs: RETRY_MAX_DELAY_MS,
    retryAfterLimitMs: RETRY_AFTER_LIMIT_MS,
    random: Math.random,
  };
}

/** POST and PATCH are retried only when the caller says the request is idempotent (an idempotency key, or the token grant). */
export function isIdempotent(method: string | undefined, declaredIdempotent = false): boolean {
  return declaredIdempotent || IDEMPOTENT_METHODS.has((method ?? 'GET').toUpperCase());
}

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

export function isRetryableNetworkCode(code: string | undefined): boolean {
  return code !== undefined && RETRYABLE_CODES.has(code);
}

/** Exponential backoff with full jitter: a uniform delay in [0, min(cap, base · 2^attempt)). `attempt` counts from 0. */
export function backoffDelayMs(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(policy.random() * ceiling);
}

/** `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in milliseconds from `now`; `undefined` when absent or unreadable. */
export function parseRetryAfterMs(header: unknown, now = Date.now()): number | undefined {
  if (typeof header !== 'string' || header.trim() === '') return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
