import fc from 'fast-check';
import { resolveTimebackSettings, TimebackConfigError } from 'nestjs-timeback';
import { everyRendering } from '../support/timeback-app.js';

/** Property: any option and env maps give valid settings or one TimebackConfigError, never anything else, never the secret. */
const SECRET_MARK = 'sEcReT';
const value = fc.oneof(
  fc.string(),
  fc.constantFrom('production', 'staging', ' Staging ', 'PRODUCTION', 'qa', '', '   ', 'post', 'basic', 'jwt'),
  fc.constantFrom('https://api.example.org', 'http://localhost:8080/', 'http://10.0.0.1', 'ftp://x', 'not a url', 'https://u:p@host'),
  fc.integer({ min: -5, max: 100_000 }).map(String),
  fc.double().map(String),
);
const fields = ['environment', 'clientId', 'apiBaseUrl', 'qtiApiBaseUrl', 'caliperApiBaseUrl', 'idpBaseUrl', 'scope', 'clientAuth', 'timeoutMs', 'maxRetries'];
const envNames = ['TIMEBACK_ENVIRONMENT', 'TIMEBACK_CLIENT_ID', 'TIMEBACK_API_BASE_URL', 'TIMEBACK_QTI_API_BASE_URL', 'TIMEBACK_CALIPER_API_BASE_URL', 'TIMEBACK_IDP_BASE_URL', 'TIMEBACK_SCOPE', 'TIMEBACK_CLIENT_AUTH', 'TIMEBACK_TIMEOUT_MS', 'TIMEBACK_MAX_RETRIES'];
const optionValue = fc.oneof(value, fc.integer(), fc.constant(undefined), fc.constant(null), fc.boolean(), fc.constant({}));
const secret = fc.string({ minLength: 1, maxLength: 24 }).map((s) => `${SECRET_MARK}${s}`);

it('returns settings or throws TimebackConfigError, never echoing the secret (1,000 runs)', () => {
  let valid = 0;
  fc.assert(
    fc.property(
      fc.dictionary(fc.constantFrom(...fields), optionValue),
      fc.dictionary(fc.constantFrom(...envNames), value),
      secret,
      fc.constantFrom('option', 'env', 'both', 'none', 'everywhere'),
      fc.boolean(),
      (options, env, clientSecret, where, fromValidBase) => {
        const base = fromValidBase ? { environment: 'staging', clientId: 'client' } : {};
        const withSecret: Record<string, unknown> = { ...base, ...options };
        const envWithSecret: Record<string, string> = { ...env };
        if (where === 'option' || where === 'both') withSecret.clientSecret = clientSecret;
        if (where === 'env' || where === 'both') envWithSecret.TIMEBACK_CLIENT_SECRET = clientSecret;
        if (where === 'everywhere') for (const field of fields) withSecret[field] = clientSecret;
        if (where === 'everywhere') withSecret.clientSecret = clientSecret;
        try {
          const settings = resolveTimebackSettings(withSecret, envWithSecret);
          valid += 1;
          expect(Object.isFrozen(settings)).toBe(true);
          expect(settings.apiBaseUrl.endsWith('/')).toBe(true);
          expect(settings.apiBaseUrl.endsWith('//')).toBe(false);
          expect(settings.tokenUrl).toBe(`${settings.idpBaseUrl}/oauth2/token`);
          expect(JSON.stringify(settings)).not.toContain(SECRET_MARK);
        } catch (error) {
          expect(error).toBeInstanceOf(TimebackConfigError);
          expect((error as TimebackConfigError).problems.length).toBeGreaterThan(0);
          for (const text of everyRendering(error)) expect(text).not.toContain(clientSecret);
        }
      },
    ),
    { numRuns: Number(process.env.PROP_RUNS ?? 1000) },
  );
  expect(valid).toBeGreaterThan(0);
});
