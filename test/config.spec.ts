import 'reflect-metadata';
import { inspect } from 'node:util';
import { ConfigModule } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import {
  resolveTimebackSettings,
  TIMEBACK_ENVIRONMENT_URLS,
  TIMEBACK_SETTINGS,
  timebackConfig,
  TimebackConfigError,
  TimebackModule,
  type TimebackSettings,
} from 'nestjs-timeback';
import { everyRendering, rejectionOf } from './support/timeback-app.js';

const SECRET = 'hunter2-super-secret-value';
const required = { environment: 'staging', clientId: 'client-1', clientSecret: SECRET };

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TimebackConfigError);
    return (error as TimebackConfigError).problems;
  }
  throw new Error('expected a TimebackConfigError');
}

describe('resolveTimebackSettings', () => {
  it('applies the environment defaults and normalizes every base URL', () => {
    const settings = resolveTimebackSettings(required, {});
    const staging = TIMEBACK_ENVIRONMENT_URLS.staging;
    expect(settings).toMatchObject({
      environment: 'staging',
      clientId: 'client-1',
      apiBaseUrl: 'https://api.staging.alpha-1edtech.ai/',
      qtiApiBaseUrl: 'https://qti-staging.alpha-1edtech.ai/api',
      caliperApiBaseUrl: 'https://caliper-staging.alpha-1edtech.ai',
      idpBaseUrl: staging.idpBaseUrl,
      tokenUrl: `${staging.idpBaseUrl}/oauth2/token`,
      clientAuth: 'post',
      timeoutMs: 30_000,
      maxRetries: 2,
    });
    expect(settings.scope).toBeUndefined();
    expect(resolveTimebackSettings({ ...required, environment: 'production' }, {}).apiBaseUrl).toBe('https://api.alpha-1edtech.ai/');
  });

  it('keeps exactly one trailing slash on the API base and none on the others', () => {
    const settings = resolveTimebackSettings(
      {
        ...required,
        apiBaseUrl: 'https://api.example.org/base///',
        qtiApiBaseUrl: 'https://qti.example.org/api/',
        caliperApiBaseUrl: 'https://caliper.example.org//',
        idpBaseUrl: 'https://idp.example.org/',
      },
      {},
    );
    expect(settings.apiBaseUrl).toBe('https://api.example.org/base/');
    expect(settings.qtiApiBaseUrl).toBe('https://qti.example.org/api');
    expect(settings.caliperApiBaseUrl).toBe('https://caliper.example.org');
    expect(settings.tokenUrl).toBe('https://idp.example.org/oauth2/token');
    expect(resolveTimebackSettings({ ...required, apiBaseUrl: 'https://api.example.org' }, {}).apiBaseUrl).toBe('https://api.example.org/');
  });

  it('takes options over environment variables over defaults', () => {
    const env = {
      TIMEBACK_ENVIRONMENT: 'production',
      TIMEBACK_CLIENT_ID: 'from-env',
      TIMEBACK_CLIENT_SECRET: 'env-secret',
      TIMEBACK_TIMEOUT_MS: '1500',
      TIMEBACK_MAX_RETRIES: '4',
      TIMEBACK_SCOPE: 'scope/a scope/b',
      TIMEBACK_CLIENT_AUTH: 'BASIC',
      TIMEBACK_QTI_API_BASE_URL: 'https://qti.env.example/api/',
    };
    const fromEnv = resolveTimebackSettings({}, env);
    expect(fromEnv).toMatchObject({ environment: 'production', clientId: 'from-env', timeoutMs: 1500, maxRetries: 4, clientAuth: 'basic' });
    expect(fromEnv.scope).toBe('scope/a scope/b');
    expect(fromEnv.qtiApiBaseUrl).toBe('https://qti.env.example/api');
    expect(fromEnv.apiBaseUrl).toBe(TIMEBACK_ENVIRONMENT_URLS.production.apiBaseUrl);

    const fromOptions = resolveTimebackSettings({ clientId: 'from-options', timeoutMs: 900, environment: ' Staging ' }, env);
    expect(fromOptions).toMatchObject({ clientId: 'from-options', timeoutMs: 900, environment: 'staging', maxRetries: 4 });
  });

  it('reads options.env, and process.env only when no env is given', () => {
    expect(resolveTimebackSettings({ env: { TIMEBACK_ENVIRONMENT: 'staging', TIMEBACK_CLIENT_ID: 'a', TIMEBACK_CLIENT_SECRET: 'b' } }).clientId).toBe('a');
    const previous = process.env.TIMEBACK_CLIENT_ID;
    process.env.TIMEBACK_CLIENT_ID = 'process-env-id';
    try {
      expect(resolveTimebackSettings({ environment: 'staging', clientSecret: 'x' }).clientId).toBe('process-env-id');
      expect(problemsOf(() => resolveTimebackSettings({ environment: 'staging', clientSecret: 'x', env: {} }))).toEqual([
        'TIMEBACK_CLIENT_ID (clientId) is required',
      ]);
    } finally {
      if (previous === undefined) delete process.env.TIMEBACK_CLIENT_ID;
      else process.env.TIMEBACK_CLIENT_ID = previous;
    }
  });

  it('treats empty and blank strings as missing', () => {
    expect(problemsOf(() => resolveTimebackSettings({ environment: '', clientId: '   ' }, { TIMEBACK_CLIENT_SECRET: '' }))).toEqual([
      'TIMEBACK_ENVIRONMENT (environment) is required: one of production, staging',
      'TIMEBACK_CLIENT_ID (clientId) is required',
      'TIMEBACK_CLIENT_SECRET (clientSecret) is required',
    ]);
    expect(resolveTimebackSettings({ ...required, apiBaseUrl: '' }, { TIMEBACK_API_BASE_URL: ' ' }).apiBaseUrl).toBe(
      TIMEBACK_ENVIRONMENT_URLS.staging.apiBaseUrl,
    );
  });

  it('lists every problem at once, in option order, naming the environment variables', () => {
    const problems = problemsOf(() =>
      resolveTimebackSettings(
        {
          environment: 'qa',
          clientSecret: SECRET,
          apiBaseUrl: 'not a url',
          qtiApiBaseUrl: 'http://qti.example.org',
          caliperApiBaseUrl: 'ftp://caliper.example.org',
          idpBaseUrl: `https://user:${SECRET}@idp.example.org`,
          clientAuth: 'jwt',
          timeoutMs: 'soon',
          maxRetries: 11,
        },
        {},
      ),
    );
    expect(problems).toEqual([
      'TIMEBACK_ENVIRONMENT (environment) is "qa"; expected one of production, staging',
      'TIMEBACK_CLIENT_ID (clientId) is required',
      'TIMEBACK_API_BASE_URL (apiBaseUrl) must be an absolute URL (got "not a url")',
      'TIMEBACK_QTI_API_BASE_URL (qtiApiBaseUrl) must use https: (plain http: is allowed only for loopback; got "http://qti.example.org")',
      'TIMEBACK_CALIPER_API_BASE_URL (caliperApiBaseUrl) must use https: (got "ftp:")',
      'TIMEBACK_IDP_BASE_URL (idpBaseUrl) must not embed credentials',
      'TIMEBACK_CLIENT_AUTH (clientAuth) is "jwt"; expected one of post, basic',
      'TIMEBACK_TIMEOUT_MS (timeoutMs) must be a whole number of milliseconds',
      'TIMEBACK_MAX_RETRIES (maxRetries) must be at most 10',
    ]);
  });

  it.each([
    ['timeoutMs', 0, 'must be at least 1'],
    ['timeoutMs', 1.5, 'must be a whole number of milliseconds'],
    ['maxRetries', -1, 'must be at least 0'],
    ['maxRetries', '2x', 'must be a whole number'],
  ])('rejects %s = %p', (field, value, message) => {
    expect(problemsOf(() => resolveTimebackSettings({ ...required, [field]: value }, {}))[0]).toContain(message);
  });

  it('allows plain http only for loopback hosts', () => {
    for (const host of ['localhost', '127.0.0.1', '127.9.8.7', '[::1]']) {
      expect(resolveTimebackSettings({ ...required, apiBaseUrl: `http://${host}:8080` }, {}).apiBaseUrl).toBe(`http://${host}:8080/`);
    }
    expect(problemsOf(() => resolveTimebackSettings({ ...required, apiBaseUrl: 'http://10.0.0.1' }, {}))).toHaveLength(1);
  });

  it('never shows the secret: not in problems, not in the settings when logged', () => {
    const error = (() => {
      try {
        resolveTimebackSettings({ environment: SECRET, clientSecret: SECRET, apiBaseUrl: SECRET, timeoutMs: SECRET }, {});
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TimebackConfigError);
    for (const rendering of everyRendering(error)) expect(rendering).not.toContain(SECRET);

    const settings = resolveTimebackSettings(required, {});
    expect(settings.clientSecret).toBe(SECRET);
    expect(JSON.stringify(settings)).not.toContain(SECRET);
    expect(inspect(settings)).not.toContain(SECRET);
    expect(Object.isFrozen(settings)).toBe(true);
    expect(() => {
      (settings as { clientId: string }).clientId = 'changed';
    }).toThrow(TypeError);
  });
});

describe('timebackConfig', () => {
  it('feeds forRootAsync from @nestjs/config', async () => {
    const env = { TIMEBACK_ENVIRONMENT: 'production', TIMEBACK_CLIENT_ID: 'config-slice', TIMEBACK_CLIENT_SECRET: 'slice-secret' };
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [
          ConfigModule.forRoot({ ignoreEnvFile: true, load: [timebackConfig] }),
          TimebackModule.forRootAsync({ ...timebackConfig.asProvider(), healthController: false }),
        ],
      }).compile();
      const settings = moduleRef.get<TimebackSettings>(TIMEBACK_SETTINGS);
      expect(settings.clientId).toBe('config-slice');
      expect(settings.environment).toBe('production');
      await moduleRef.close();
    } finally {
      for (const key of Object.keys(env)) if (!(key in saved)) delete process.env[key];
    }
  });

  it('fails the bootstrap with the full list of problems', async () => {
    const error = await rejectionOf(
      Test.createTestingModule({ imports: [TimebackModule.forRoot({ env: {} })] }).compile(),
    );
    expect(error).toBeInstanceOf(TimebackConfigError);
    expect((error as TimebackConfigError).problems).toHaveLength(3);
  });
});

describe('resolveTimebackSettings with no options at all', () => {
  it('treats null and undefined options as empty and reports what is missing', () => {
    for (const options of [undefined, null]) {
      expect(problemsOf(() => resolveTimebackSettings(options as never, {}))).toHaveLength(3);
    }
  });
});
