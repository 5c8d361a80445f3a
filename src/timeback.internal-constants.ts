/** The `RetryPolicy` the transport uses; derived from the settings. Internal: not in the public barrel. */
export const TIMEBACK_RETRY_POLICY = 'nestjs-timeback:retry-policy';
