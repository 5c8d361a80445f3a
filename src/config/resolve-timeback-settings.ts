import { validateSync } from 'class-validator';
import { TimebackConfigError } from '../errors/timeback.errors.js';
import { redactSecrets } from '../http/redaction.js';
import { TIMEBACK_DEFAULTS, TIMEBACK_ENVIRONMENT_URLS, type TimebackEnvironmentUrls } from './timeback.environments.js';
import type { TimebackModuleOptions, TimebackSettings } from './timeback-options.interface.js';
import { TimebackSettingsCandidate } from './timeback-settings.schema.js';

type Field = Exclude<keyof TimebackModuleOptions, 'env'>;

/** Each option and the environment variable it falls back to, in the order problems are listed. */
export const TIMEBACK_ENV_VARS: Readonly<Record<Field, string>> = Object.freeze({
  environment: 'TIMEBACK_ENVIRONMENT',
  clientId: 'TIMEBACK_CLIENT_ID',
  clientSecret: 'TIMEBACK_CLIENT_SECRET',
  apiBaseUrl: 'TIMEBACK_API_BASE_URL',
  qtiApiBaseUrl: 'TIMEBACK_QTI_API_BASE_URL',
  caliperApiBaseUrl: 'TIMEBACK_CALIPER_API_BASE_URL',
  idpBaseUrl: 'TIMEBACK_IDP_BASE_URL',
  scope: 'TIMEBACK_SCOPE',
  clientAuth: 'TIMEBACK_CLIENT_AUTH',
  timeoutMs: 'TIMEBACK_TIMEOUT_MS',
  maxRetries: 'TIMEBACK_MAX_RETRIES',
});

const URL_FIELDS = ['apiBaseUrl', 'qtiApiBaseUrl', 'caliperApiBaseUrl', 'idpBaseUrl'] as const;

/** An option if set, else its environment variable; empty and blank strings count as unset. */
function pick(options: TimebackModuleOptions, env: Record<string, string | undefined>, field: Field): unknown {
  for (const value of [options[field], env[TIMEBACK_ENV_VARS[field]]]) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') {
      const trimmed = value.trim();
      if (trimmed !== '') return trimmed;
      continue;
    }
    return value;
  }
  return undefined;
}

function toNumber(value: unknown, fallback: number): unknown {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && /^[+-]?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

const lowerCase = (value: unknown): unknown => (typeof value === 'string' ? value.toLowerCase() : value);
const withoutTrailingSlashes = (url: string): string => url.replace(/\/+$/, '');

/**
 * Reads the `TIMEBACK_*` variables (the only place in the package that does),
 * applies the environment's defaults, validates and normalizes. Throws one
 * `TimebackConfigError` listing every problem; never echoes the client secret.
 */
export function resolveTimebackSettings(
  options: TimebackModuleOptions = {},
  env: Record<string, string | undefined> = options?.env ?? process.env,
): TimebackSettings {
  options ??= {};
  env ??= {};
  const candidate = new TimebackSettingsCandidate();
  candidate.environment = lowerCase(pick(options, env, 'environment')) as TimebackSettingsCandidate['environment'];
  candidate.clientId = pick(options, env, 'clientId') as string | undefined;
  candidate.clientSecret = pick(options, env, 'clientSecret') as string | undefined;
  candidate.scope = pick(options, env, 'scope') as string | undefined;
  candidate.clientAuth = lowerCase(pick(options, env, 'clientAuth') ?? TIMEBACK_DEFAULTS.clientAuth) as TimebackSettingsCandidate['clientAuth'];
  candidate.timeoutMs = toNumber(pick(options, env, 'timeoutMs'), TIMEBACK_DEFAULTS.timeoutMs) as number;
  candidate.maxRetries = toNumber(pick(options, env, 'maxRetries'), TIMEBACK_DEFAULTS.maxRetries) as number;
  for (const field of URL_FIELDS) candidate[field] = pick(options, env, field) as string | undefined;

  const problems = validateSync(candidate, { forbidUnknownValues: false, stopAtFirstError: true })
    .sort((a, b) => fieldOrder(a.property) - fieldOrder(b.property))
    .map((error) => {
      const field = error.property as Field;
      const message = Object.values(error.constraints ?? {})[0] ?? 'is invalid';
      return `${TIMEBACK_ENV_VARS[field]} (${field}) ${message}`;
    });

  const defaults: TimebackEnvironmentUrls | undefined =
    candidate.environment !== undefined ? TIMEBACK_ENVIRONMENT_URLS[candidate.environment] : undefined;

  if (problems.length > 0 || defaults === undefined) {
    const secret = typeof candidate.clientSecret === 'string' ? [candidate.clientSecret] : [];
    throw new TimebackConfigError(problems.map((problem) => redactSecrets(problem, secret)));
  }

  const urls = Object.fromEntries(
    URL_FIELDS.map((field) => [field, withoutTrailingSlashes(candidate[field] ?? defaults[field])]),
  ) as Record<(typeof URL_FIELDS)[number], string>;

  const settings = {
    environment: candidate.environment!,
    clientId: candidate.clientId!,
    apiBaseUrl: `${urls.apiBaseUrl}/`,
    qtiApiBaseUrl: urls.qtiApiBaseUrl,
    caliperApiBaseUrl: urls.caliperApiBaseUrl,
    idpBaseUrl: urls.idpBaseUrl,
    tokenUrl: `${urls.idpBaseUrl}/oauth2/token`,
    ...(candidate.scope !== undefined ? { scope: candidate.scope } : {}),
    clientAuth: candidate.clientAuth!,
    timeoutMs: candidate.timeoutMs!,
    maxRetries: candidate.maxRetries!,
  };
  Object.defineProperty(settings, 'clientSecret', { value: candidate.clientSecret, enumerable: false });
  return Object.freeze(settings) as TimebackSettings;
}

function fieldOrder(property: string): number {
  return Object.keys(TIMEBACK_ENV_VARS).indexOf(property);
}

/** The `TIMEBACK_*` variables as module options, with `env: {}` so nothing is read twice. */
export function timebackOptionsFromEnv(env: Record<string, string | undefined> = process.env): TimebackModuleOptions {
  const options: TimebackModuleOptions = { env: {} };
  for (const [field, name] of Object.entries(TIMEBACK_ENV_VARS) as Array<[Field, string]>) {
    if (env[name] !== undefined) (options as Record<Field, unknown>)[field] = env[name];
  }
  return options;
}
