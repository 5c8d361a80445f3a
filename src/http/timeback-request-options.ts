/** Per-request options for the Timeback `HttpService`s, passed as `{ timeback: { … } }` in an axios request config. */
export interface TimebackRequestOptions {
  /** Send no bearer token (public or probe requests). */
  skipAuth?: boolean;
  /** Declare a POST or PATCH safe to repeat, so it is retried like a GET. An `Idempotency-Key` header declares it too. */
  idempotent?: boolean;
  /** Override `maxRetries` for this request. */
  maxRetries?: number;
}

/** @internal What the retry interceptor has done for one logical call so far. */
export interface TimebackAttemptState {
  retries: number;
  refreshed: boolean;
}

declare module 'axios' {
  interface AxiosRequestConfig {
    timeback?: TimebackRequestOptions;
    /** @internal */
    timebackAttempt?: TimebackAttemptState;
  }
}
