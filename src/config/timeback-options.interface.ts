export const TIMEBACK_ENVIRONMENTS = ['production', 'staging'] as const;
export type TimebackEnvironment = (typeof TIMEBACK_ENVIRONMENTS)[number];

export const TIMEBACK_CLIENT_AUTH_METHODS = ['post', 'basic'] as const;
/** `post`: client_secret_post (form fields, as Timeback documents). `basic`: HTTP Basic. */
export type TimebackClientAuth = (typeof TIMEBACK_CLIENT_AUTH_METHODS)[number];

/**
 * What `TimebackModule.forRoot()` accepts. Every field is optional: each falls
 * back to its `TIMEBACK_*` environment variable, then to its default.
 */
export interface TimebackModuleOptions {
  environment?: TimebackEnvironment | string;
  clientId?: string;
  clientSecret?: string;
  /** OneRoster and PowerPath host. */
  apiBaseUrl?: string;
  qtiApiBaseUrl?: string;
  caliperApiBaseUrl?: string;
  idpBaseUrl?: string;
  scope?: string;
  clientAuth?: TimebackClientAuth | string;
  timeoutMs?: number | string;
  maxRetries?: number | string;
  /** Where the `TIMEBACK_*` fallbacks are read from; `process.env` by default, `{}` to ignore the environment. */
  env?: Record<string, string | undefined>;
}

/** The resolved, validated and frozen configuration. `clientSecret` is not enumerable, so it never shows in logs or JSON. */
export interface TimebackSettings {
  readonly environment: TimebackEnvironment;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Always ends with exactly one `/`. */
  readonly apiBaseUrl: string;
  readonly qtiApiBaseUrl: string;
  readonly caliperApiBaseUrl: string;
  readonly idpBaseUrl: string;
  /** `idpBaseUrl` + `/oauth2/token`. */
  readonly tokenUrl: string;
  readonly scope?: string;
  readonly clientAuth: TimebackClientAuth;
  readonly timeoutMs: number;
  readonly maxRetries: number;
}
