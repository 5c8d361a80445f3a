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
 * The coerced settings before normalization. The resolver prefixes each
 * message with the variable and option name. No message interpolates `$value`
 * for the secret. class-validator runs a property's decorators bottom-up and
 * stops at the first failure, so the most basic check is written last.
 */
export class TimebackSettingsCandidate {
  @IsIn(TIMEBACK_ENVIRONMENTS, { message: `is "$value"; expected ${allowed(TIMEBACK_ENVIRONMENTS)}` })
  @IsNotEmpty({ message: `is required: ${allowed(TIMEBACK_ENVIRONMENTS)}` })
  environment?: TimebackEnvironment;

  @IsString({ message: 'must be a string' })
  @IsNotEmpty({ message: 'is required' })
  clientId?: string;

  @IsString({ message: 'must be a string' })
  @IsNotEmpty({ message: 'is required' })
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

  @Max(MAX_TIMEOUT_MS, { message: `must be at most ${MAX_TIMEOUT_MS}` })
  @Min(1, { message: 'must be at least 1' })
  @IsInt({ message: 'must be a whole number of milliseconds' })
  timeoutMs?: number;

  @Max(MAX_RETRIES_LIMIT, { message: `must be at most ${MAX_RETRIES_LIMIT}` })
  @Min(0, { message: 'must be at least 0' })
  @IsInt({ message: 'must be a whole number' })
  maxRetries?: number;
}
