import 'reflect-metadata';
import type { TestingModule } from '@nestjs/testing';
import { Test } from '@nestjs/testing';
import {
  InMemoryTokenStore,
  RosteringService,
  TIMEBACK_TOKEN_STORE,
  TimebackAuthError,
  type TimebackCachedToken,
  TimebackModule,
  TimebackTokenProvider,
} from 'nestjs-timeback';
import { TimebackSandbox } from 'nestjs-timeback/testing';
import { json, startStub, type StubServer } from './support/stub-server.js';
import { everyRendering, rejectionOf, timebackModule } from './support/timeback-app.js';

const SECRET = 'token-spec-secret-Zq81';

describe('TimebackTokenProvider against a recording IdP', () => {
  let idp: StubServer;
  let expiresIn: unknown = 3600;
  beforeAll(async () => {
    idp = await startStub((_req, res) => json(res, 200, { access_token: `tok-${idp.requests.length}`, expires_in: expiresIn, token_type: 'Bearer' }));
  });
  afterAll(() => idp.close());
  beforeEach(() => {
    idp.requests.length = 0;
    expiresIn = 3600;
  });

  const options = (extra = {}) => ({
    environment: 'staging',
    clientId: 'client id/1',
    clientSecret: SECRET,
    idpBaseUrl: idp.url,
    apiBaseUrl: 'http://127.0.0.1:9',
    qtiApiBaseUrl: 'http://127.0.0.1:9',
    caliperApiBaseUrl: 'http://127.0.0.1:9',
    env: {},
    ...extra,
  });

  it('posts client_secret_post form fields by default, with scope when set', async () => {
    const moduleRef = await timebackModule(options({ scope: 'roster.readonly qti' }));
    await expect(moduleRef.get(TimebackTokenProvider).getAccessToken()).resolves.toBe('tok-1');
    const [sent] = idp.requests;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('/oauth2/token');
    expect(sent.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.headers['user-agent']).toMatch(/^nestjs-timeback\/\d+\.\d+\.\d+/);
    expect(Object.fromEntries(new URLSearchParams(sent.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client id/1',
      client_secret: SECRET,
      scope: 'roster.readonly qti',
    });
    await moduleRef.close();
  });

  it('sends HTTP Basic with form-encoded parts when clientAuth is basic', async () => {
    const moduleRef = await timebackModule(options({ clientAuth: 'basic' }));
    await moduleRef.get(TimebackTokenProvider).getAccessToken();
    const [sent] = idp.requests;
    const expected = Buffer.from(`${encodeURIComponent('client id/1')}:${encodeURIComponent(SECRET)}`).toString('base64');
    expect(sent.headers.authorization).toBe(`Basic ${expected}`);
    expect(Object.fromEntries(new URLSearchParams(sent.body))).toEqual({ grant_type: 'client_credentials' });
    await moduleRef.close();
  });

  it('caches a token without expires_in for 300 s instead of fetching on every call', async () => {
    expiresIn = undefined;
    const moduleRef = await timebackModule(options());
    const tokens = moduleRef.get(TimebackTokenProvider);
    const first = await tokens.getToken();
    await tokens.getAccessToken();
    await tokens.getAccessToken();
    expect(idp.requests).toHaveLength(1);
    expect(first.expiresAt - Date.now()).toBeGreaterThan(295_000);
    expect(first.expiresAt - Date.now()).toBeLessThanOrEqual(300_000);
    await moduleRef.close();
  });

  it('refreshes once fewer than min(max(60 s, 10 %), 50 %) of the lifetime remain', async () => {
    const moduleRef = await timebackModule(options());
    const tokens = moduleRef.get(TimebackTokenProvider);
    for (const [lifetime, lead] of [
      [3600, 360],
      [300, 60],
      [100, 50],
      [10, 5],
    ]) {
      expiresIn = lifetime;
      await tokens.invalidate();
      const token = await tokens.getToken();
      expect(Math.round((token.expiresAt - token.refreshAt) / 1000)).toBe(lead);
    }
    await moduleRef.close();
  });

  it('rejects an answer without access_token as TimebackAuthError', async () => {
    const broken = await startStub((_req, res) => json(res, 200, { token_type: 'Bearer' }));
    const moduleRef = await timebackModule(options({ idpBaseUrl: broken.url }));
    const error = await rejectionOf(moduleRef.get(TimebackTokenProvider).getAccessToken());
    expect(error).toBeInstanceOf(TimebackAuthError);
    expect((error as Error).message).toContain('without an access_token');
    await moduleRef.close();
    await broken.close();
  });
});

describe('TimebackTokenProvider against the sandbox', () => {
  let sandbox: TimebackSandbox;
  let moduleRef: TestingModule;
  let tokens: TimebackTokenProvider;
  beforeEach(async () => {
    sandbox = await TimebackSandbox.start({ users: 5, clientSecret: SECRET });
    moduleRef = await timebackModule(sandbox);
    tokens = moduleRef.get(TimebackTokenProvider);
  });
  afterEach(async () => {
    await moduleRef.close();
    await sandbox.stop();
  });

  it('makes exactly one token request for 200 concurrent cold getUser calls', async () => {
    const rostering = moduleRef.get(RosteringService);
    const users = await Promise.all(Array.from({ length: 200 }, (_, i) => rostering.getUser(sandbox.users[i % 5].sourcedId)));
    expect(users).toHaveLength(200);
    expect(sandbox.stats.tokenRequests).toBe(1);
  });

  it('refreshes in the background while callers keep the still-valid token', async () => {
    sandbox.setTokenTtl(2);
    const first = await tokens.getToken();
    expect(first.refreshAt - Date.now()).toBeLessThanOrEqual(1_000);
    await new Promise((resolve) => setTimeout(resolve, first.refreshAt - Date.now() + 20));
    // Past refreshAt, before expiry: the caller gets the cached token at once and a refresh starts behind it.
    await expect(tokens.getAccessToken()).resolves.toBe(first.accessToken);
    await expect(tokens.getAccessToken()).resolves.toBe(first.accessToken);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sandbox.stats.tokenRequests).toBe(2);
    await expect(tokens.getAccessToken()).resolves.not.toBe(first.accessToken);
  });

  it('shares a failed token request among its waiters, then clears it so the next call tries again', async () => {
    sandbox.faults.status('idp', 400, { body: { error: 'invalid_scope', error_description: 'no such scope' } });
    const failures = await Promise.allSettled(Array.from({ length: 20 }, () => tokens.getAccessToken()));
    expect(failures.every((result) => result.status === 'rejected')).toBe(true);
    expect(sandbox.stats.tokenRequests).toBe(1);
    const error = (failures[0] as PromiseRejectedResult).reason as TimebackAuthError;
    expect(error).toBeInstanceOf(TimebackAuthError);
    expect(error.oauthError).toBe('invalid_scope');
    expect(error.status).toBe(400);
    expect(new Set(failures.map((result) => (result as PromiseRejectedResult).reason)).size).toBe(1);

    await expect(tokens.getAccessToken()).resolves.toEqual(expect.any(String));
    expect(sandbox.stats.tokenRequests).toBe(2);
    expect(sandbox.stats.tokensIssued).toBe(1);
  });

  it('retries the token request on 5xx under the retry policy', async () => {
    sandbox.faults.status('idp', 503, { times: 2 });
    await expect(tokens.getAccessToken()).resolves.toEqual(expect.any(String));
    expect(sandbox.stats.count('idp', 503)).toBe(2);
    expect(sandbox.stats.tokenRequests).toBe(3);
    expect(sandbox.stats.tokensIssued).toBe(1);
  });

  it('reports invalid_client as TimebackAuthError naming the client, never the secret', async () => {
    await moduleRef.close();
    moduleRef = await timebackModule(sandbox, { clientSecret: `${SECRET}-wrong` });
    const error = await rejectionOf(moduleRef.get(TimebackTokenProvider).getAccessToken());
    expect(error).toBeInstanceOf(TimebackAuthError);
    expect((error as TimebackAuthError).oauthError).toBe('invalid_client');
    expect((error as TimebackAuthError).status).toBe(401);
    expect((error as Error).message).toContain(`client "${sandbox.clientId}"`);
    for (const rendering of everyRendering(error)) expect(rendering).not.toContain(SECRET);
  });

  it('invalidate(token) drops only that token', async () => {
    const first = await tokens.getAccessToken();
    await tokens.invalidate('some-other-token');
    await expect(tokens.getAccessToken()).resolves.toBe(first);
    await tokens.invalidate(first);
    const second = await tokens.getAccessToken();
    expect(second).not.toBe(first);
    expect(sandbox.stats.tokenRequests).toBe(2);
  });
});

describe('TimebackTokenProvider with an asynchronous store', () => {
  it('reads the store once per call and caches through it', async () => {
    const sandbox = await TimebackSandbox.start({ users: 1 });
    const memory = new InMemoryTokenStore();
    let reads = 0;
    const asyncStore = {
      get: async (key: string) => {
        reads += 1;
        return memory.get(key);
      },
      set: async (key: string, token: TimebackCachedToken) => memory.set(key, token),
      delete: async (key: string) => memory.delete(key),
    };
    const moduleRef = await Test.createTestingModule({ imports: [TimebackModule.forRoot({ ...sandbox.moduleOptions(), healthController: false })] })
      .overrideProvider(TIMEBACK_TOKEN_STORE)
      .useValue(asyncStore)
      .compile();
    const tokens = moduleRef.get(TimebackTokenProvider);
    const first = await tokens.getAccessToken();
    reads = 0;
    await expect(tokens.getAccessToken()).resolves.toBe(first);
    expect(reads).toBe(1);
    await expect(moduleRef.get(RosteringService).getUser(sandbox.users[0].sourcedId)).resolves.toBeDefined();
    expect(sandbox.stats.tokenRequests).toBe(1);
    await moduleRef.close();
    await sandbox.stop();
  });
});
