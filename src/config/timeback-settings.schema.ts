import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min, ValidateBy, type ValidationOptions } from 'class-validator';
import {
  TIMEBACK_CLIENT_AUTH_METHODS,
  TIMEBACK_ENVIRONMENTS,
  type TimebackClientAuth,
  type TimebackEnvironment,
} from './timeback-options.interface.js';

export const MAX_RETRIES_LIMIT = 10;
/** The largest delay a Node timer accepts. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Why a base URL is unusable, or `undefined` when it is fine. Never echoes embedded credentials. */
export function describeUrlProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'must be a URL';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `must be an absolute URL (got "${value}")`;
  }
  if (url.username || url.password) return 'must not embed credentials';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') {
    return isLoopbackHost(url.hostname) ? undefined : `must use https: (plain http: is allowed only for loopback; got "${value}")`;
  }
  return `must use https: (got "${url.protocol}")`;
}

function IsTimebackUrl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTimebackUrl',
      validator: {
        validate: (value: unknown) => describeUrlProblem(value) === undefined,
        defaultMessage: (args) => describeUrlProblem(args?.value) ?? 'must be a URL',
      },
    },
    options,
  );
}

const allowed = (values: readonly string[]) => `one of ${values.join(', ')}`;

/**
 * The coerced settings before normalization. Each constraint message starts
 * with the property name; the resolver prefixes the environment variable. No
 * message interpolates `$value` for the secret.
 */
export class TimebackSettingsCandidate {
  @IsNotEmpty({ message: `is required: ${allowed(TIMEBACK_ENVIRONMENTS)}` })
  @IsIn(TIMEBACK_ENVIRONMENTS, { message: `is "$value"; expected ${allowed(TIMEBACK_ENVIRONMENTS)}` })
  environment?: TimebackEnvironment;

  @IsNotEmpty({ message: 'is required' })
  @IsString({ message: 'must be a string' })
  clientId?: string;

  @IsNotEmpty({ message: 'is required' })
  @IsString({ message: 'must be a string' })
  clientSecret?: string;

  @IsOptional()
  @IsTimebackUrl()
  apiBaseUrl?: string;

  @IsOptional()
  @IsTimebackUrl()
  qtiApiBaseUrl?: string;

  @IsOptional()
  @IsTimebackUrl()
  caliperApiBaseUrl?: string;

  @IsOptional()
  @IsTimebackUrl()
  idpBaseUrl?: string;

  @IsOptional()
  @IsString({ message: 'must be a string' })
  scope?: string;

  @IsIn(TIMEBACK_CLIENT_AUTH_METHODS, { message: `is "$value"; expected ${allowed(TIMEBACK_CLIENT_AUTH_METHODS)}` })
  clientAuth?: TimebackClientAuth;

  @IsInt({ message: 'must be a whole number of milliseconds' })
  @Min(1, { message: 'must be at least 1' })
  @Max(MAX_TIMEOUT_MS, { message: `must be at most ${MAX_TIMEOUT_MS}` })
  timeoutMs?: number;

  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be at least 0' })
  @Max(MAX_RETRIES_LIMIT, { message: `must be at most ${MAX_RETRIES_LIMIT}` })
  maxRetries?: number;
}
