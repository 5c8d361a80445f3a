/** The resolved, frozen `TimebackSettings`. */
export const TIMEBACK_SETTINGS = 'nestjs-timeback:settings';
/** `HttpService` for the API host: OneRoster and PowerPath. */
export const TIMEBACK_ONEROSTER_HTTP = 'nestjs-timeback:oneroster-http';
/** `HttpService` for the QTI base URL. */
export const TIMEBACK_QTI_HTTP = 'nestjs-timeback:qti-http';
/** `HttpService` for the Caliper base URL. */
export const TIMEBACK_CALIPER_HTTP = 'nestjs-timeback:caliper-http';
/** The `TimebackTokenStore` the token provider caches in; in memory unless overridden. */
export const TIMEBACK_TOKEN_STORE = 'nestjs-timeback:token-store';
