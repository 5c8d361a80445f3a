import { type AxiosError, type AxiosInstance, type AxiosResponse, type InternalAxiosRequestConfig, isAxiosError } from 'axios';
import { TimebackNetworkError } from '../errors/timeback.errors.js';
import { describeRequest, toTimebackError } from './error-mapping.js';
import type { Redactor } from './redaction.js';
import {
  backoffDelayMs,
  isIdempotent,
  isRetryableNetworkCode,
  isRetryableStatus,
  parseRetryAfterMs,
  type RetryPolicy,
} from './retry-policy.js';
import type { TimebackAttemptState } from './timeback-request-options.js';

/** Where the bearer comes from: the module's `TimebackTokenProvider`. */
export interface AccessTokenSource {
  getAccessToken(): Promise<string>;
  invalidate(token?: string): void | Promise<void>;
}

export interface TimebackInterceptorContext {
  redactor: Redactor;
  policy: RetryPolicy;
  /** Aborted when the module shuts down, so that no retry waits past it. */
  shutdown: AbortSignal;
  /** Absent for the IdP's own instance. */
  tokens?: AccessTokenSource;
}

const BEARER_PREFIX = 'Bearer ';

/** Bearer injection: every request that does not opt out carries a current access token. */
export function attachBearer(instance: AxiosInstance, tokens: AccessTokenSource): void {
  instance.interceptors.request.use((config) => {
    if (config.timeback?.skipAuth) return config;
    return tokens.getAccessToken().then((token) => {
      config.headers.set('Authorization', BEARER_PREFIX + token);
      return config;
    });
  });
}

/**
 * One response interceptor for every failure: a 401 refreshes the token and
 * repeats the request once; a transient failure of an idempotent request is
 * retried with backoff; whatever remains becomes a typed `TimebackError`.
 */
export function attachRetryAndErrorMapping(instance: AxiosInstance, context: TimebackInterceptorContext): void {
  instance.interceptors.response.use(undefined, async (error: unknown): Promise<AxiosResponse> => {
    const config = isAxiosError(error) ? error.config : undefined;
    if (!config || context.shutdown.aborted) throw toTimebackError(error, context.redactor);
    const attempt: TimebackAttemptState = config.timebackAttempt ?? { retries: 0, refreshed: false };
    const axiosError = error as AxiosError;

    if (shouldRefreshToken(axiosError, config, attempt, context)) {
      await context.tokens!.invalidate(bearerOf(config));
      return instance.request(repeat(config, { ...attempt, refreshed: true }));
    }

    const delayMs = retryDelayMs(axiosError, config, attempt, context.policy);
    if (delayMs === undefined) throw toTimebackError(error, context.redactor);
    await waitUnlessShutdown(delayMs, context.shutdown, config);
    return instance.request(repeat(config, { ...attempt, retries: attempt.retries + 1 }));
  });
}

function shouldRefreshToken(
  error: AxiosError,
  config: InternalAxiosRequestConfig,
  attempt: TimebackAttemptState,
  context: TimebackInterceptorContext,
): boolean {
  return error.response?.status === 401 && context.tokens !== undefined && !config.timeback?.skipAuth && !attempt.refreshed;
}

/** How long to wait before the next attempt, or `undefined` when this failure is final. */
export function retryDelayMs(
  error: AxiosError,
  config: InternalAxiosRequestConfig,
  attempt: TimebackAttemptState,
  policy: RetryPolicy,
): number | undefined {
  const maxRetries = config.timeback?.maxRetries ?? policy.maxRetries;
  if (attempt.retries >= maxRetries) return undefined;
  const declared = config.timeback?.idempotent === true || config.headers?.has?.('Idempotency-Key') === true;
  if (!isIdempotent(config.method, declared)) return undefined;

  const response = error.response;
  if (!response) return isRetryableNetworkCode(error.code) ? backoffDelayMs(policy, attempt.retries) : undefined;
  if (!isRetryableStatus(response.status)) return undefined;
  const retryAfterMs = parseRetryAfterMs(response.headers?.['retry-after']);
  if (retryAfterMs === undefined) return backoffDelayMs(policy, attempt.retries);
  return retryAfterMs <= policy.retryAfterLimitMs ? retryAfterMs : undefined;
}

function bearerOf(config: InternalAxiosRequestConfig): string | undefined {
  const header = config.headers.get('Authorization');
  return typeof header === 'string' && header.startsWith(BEARER_PREFIX) ? header.slice(BEARER_PREFIX.length) : undefined;
}

function repeat(config: InternalAxiosRequestConfig, attempt: TimebackAttemptState): InternalAxiosRequestConfig {
  return { ...config, timebackAttempt: attempt };
}

function waitUnlessShutdown(ms: number, shutdown: AbortSignal, config: InternalAxiosRequestConfig): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      const request = describeRequest(config);
      reject(new TimebackNetworkError(`${request.method} ${request.path} abandoned: the Timeback module is shutting down`, { ...request, code: 'ESHUTDOWN' }));
    };
    const timer = setTimeout(() => {
      shutdown.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    shutdown.addEventListener('abort', onAbort, { once: true });
  });
}
