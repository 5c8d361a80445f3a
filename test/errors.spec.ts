import 'reflect-metadata';
import { HttpService } from '@nestjs/axios';
import type { TestingModule } from '@nestjs/testing';
import {
  RosteringService,
  TIMEBACK_ONEROSTER_HTTP,
  TimebackAuthError,
  TimebackConflictError,
  TimebackError,
  TimebackForbiddenError,
  TimebackNetworkError,
  TimebackNotFoundError,
  TimebackRateLimitError,
  TimebackResponseError,
  TimebackServerError,
  TimebackTokenProvider,
  TimebackValidationError,
} from 'nestjs-timeback';
import { TimebackSandbox } from 'nestjs-timeback/testing';
import { firstValueFrom } from 'rxjs';
import { json, startStub } from './support/stub-server.js';
import { everyRendering, rejectionOf, timebackModule } from './support/timeback-app.js';

const SECRET = 'errors-spec-secret-7Hq2';

let sandbox: TimebackSandbox;
let moduleRef: TestingModule;
let rostering: RosteringService;
let userId: string;

beforeAll(async () => {
  sandbox = await TimebackSandbox.start({ users: 3, clientSecret: SECRET });
  moduleRef = await timebackModule(sandbox, { maxRetries: 0 });
  rostering = moduleRef.get(RosteringService);
  userId = sandbox.users[0].sourcedId;
});
beforeEach(() => sandbox.faults.clear());
afterAll(async () => {
  await moduleRef.close();
  await sandbox.stop();
});

describe('error mapping', () => {
  it.each([
    [400, TimebackValidationError, 'invaliddata'],
    [401, TimebackAuthError, 'unauthorisedrequest'],
    [403, TimebackForbiddenError, 'forbidden'],
    [404, TimebackNotFoundError, 'unknownobject'],
    [409, TimebackConflictError, 'invaliddata'],
    [418, TimebackResponseError, 'invaliddata'],
    [422, TimebackValidationError, 'invaliddata'],
    [429, TimebackRateLimitError, 'server_busy'],
    [500, TimebackServerError, 'internal_server_error'],
    [502, TimebackServerError, 'internal_server_error'],
    [503, TimebackServerError, 'internal_server_error'],
    [504, TimebackServerError, 'internal_server_error'],
  ])('maps %i to %p with imsx and the request id', async (status, ErrorClass, codeMinor) => {
    sandbox.faults.status('oneroster', status, { times: 2 });
    const error = (await rejectionOf(rostering.getUser(userId))) as TimebackError;
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(TimebackError);
    expect(error).toMatchObject({
      status,
      method: 'GET',
      path: `/ims/oneroster/rostering/v1p2/users/${userId}`,
      imsx: { codeMajor: 'failure', severity: 'error', description: `Sandbox fault: ${status}`, codeMinor: [codeMinor] },
    });
    const answered = sandbox.stats.recent.filter((r) => r.service === 'oneroster').at(-1)!;
    expect(error.requestId).toBe(answered.requestId);
    expect(error.message).toBe(`GET /ims/oneroster/rostering/v1p2/users/${userId} failed with ${status}: Sandbox fault: ${status}`);
  });

  it('maps a real 404 from the sandbox', async () => {
    const error = (await rejectionOf(rostering.getUser('no-such-user'))) as TimebackNotFoundError;
    expect(error).toBeInstanceOf(TimebackNotFoundError);
    expect(error.imsx?.codeMinor).toEqual(['unknownobject']);
  });

  it('reads x-amzn-requestid when x-request-id is absent', async () => {
    const api = await startStub((_req, res) => json(res, 404, { imsx_codeMajor: 'failure', imsx_description: 'gone' }, { 'x-amzn-requestid': 'amzn-42' }));
    const ref = await timebackModule(sandbox, { apiBaseUrl: api.url });
    const error = (await rejectionOf(ref.get(RosteringService).getUser('x'))) as TimebackError;
    expect(error.requestId).toBe('amzn-42');
    await ref.close();
    await api.close();
  });

  it('never shows the token, the secret or the Authorization header', async () => {
    const token = await moduleRef.get(TimebackTokenProvider).getAccessToken();
    sandbox.faults.status('oneroster', 500, {
      body: { imsx_codeMajor: 'failure', imsx_description: `echo Authorization: Bearer ${token} and ${SECRET}`, access_token: token, detail: token },
    });
    const error = await rejectionOf(rostering.getUser(userId));
    expect(error).toBeInstanceOf(TimebackServerError);
    for (const rendering of everyRendering(error)) {
      expect(rendering).not.toContain(token);
      expect(rendering).not.toContain(SECRET);
      expect(rendering).not.toMatch(/authorization["']?\s*:\s*["']?bearer\s+[a-z0-9]/i);
    }
    expect(JSON.stringify(error)).toContain('[REDACTED]');
  });

  it('keeps a transport error cause without config or headers', async () => {
    sandbox.faults.reset('oneroster');
    const error = (await rejectionOf(rostering.getUser(userId))) as TimebackNetworkError;
    expect(error).toBeInstanceOf(TimebackNetworkError);
    expect(error.code).toBe('ECONNRESET');
    expect(Object.keys(error.cause as object)).not.toContain('config');
    for (const rendering of everyRendering(error.cause)) expect(rendering).not.toMatch(/bearer/i);
  });
});

describe('bad upstream bodies', () => {
  it('gives a typed error with the status and a bounded excerpt for an HTML gateway page', async () => {
    const page = `<html><body>${'Bad gateway. '.repeat(400)}</body></html>`;
    sandbox.faults.status('oneroster', 502, { body: page, contentType: 'text/html' });
    const error = (await rejectionOf(rostering.getUser(userId))) as TimebackServerError;
    expect(error).toBeInstanceOf(TimebackServerError);
    expect(error.status).toBe(502);
    expect(typeof error.body).toBe('string');
    expect((error.body as string).startsWith('<html>')).toBe(true);
    expect((error.body as string).length).toBeLessThanOrEqual(1024);
  });

  it('gives TimebackResponseError, never a SyntaxError, for truncated JSON on a 200', async () => {
    sandbox.faults.status('oneroster', 200, { body: '{"user": {"sourcedId": "abc"', contentType: 'application/json' });
    const error = (await rejectionOf(rostering.getUser(userId))) as TimebackResponseError;
    expect(error).toBeInstanceOf(TimebackResponseError);
    expect(error.status).toBe(200);
    expect(error.message).toContain('not valid JSON');
  });

  it('gives TimebackResponseError for an empty 200 or a body without the envelope', async () => {
    for (const body of ['', '{"users": []}']) {
      sandbox.faults.status('oneroster', 200, { body, contentType: 'application/json' });
      const error = (await rejectionOf(rostering.getUser(userId))) as TimebackResponseError;
      expect(error).toBeInstanceOf(TimebackResponseError);
      expect(error.status).toBe(200);
      expect(error.message).toContain('without the expected "user" object');
    }
  });

  it('refuses a body over 10 MB with a typed error', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    const api = await startStub((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"user": {"sourcedId": "');
      for (let i = 0; i < 11; i++) res.write(chunk);
      res.end('"}}');
    });
    const ref = await timebackModule(sandbox, { apiBaseUrl: api.url });
    const error = (await rejectionOf(ref.get(RosteringService).getUser('big'))) as TimebackResponseError;
    expect(error).toBeInstanceOf(TimebackResponseError);
    expect(error.message).toContain('maxContentLength');
    await ref.close();
    await api.close();
  });
});

describe('where requests may go', () => {
  it('does not follow a redirect to another origin, and no credential leaves', async () => {
    const elsewhere = await startStub((_req, res) => json(res, 200, { user: { sourcedId: 'stolen' } }));
    const api = await startStub((_req, res) => {
      res.writeHead(302, { Location: `${elsewhere.url}/ims/oneroster/rostering/v1p2/users/x` });
      res.end();
    });
    const ref = await timebackModule(sandbox, { apiBaseUrl: api.url });
    const error = (await rejectionOf(ref.get(RosteringService).getUser('x'))) as TimebackResponseError;
    expect(error).toBeInstanceOf(TimebackResponseError);
    expect(error.status).toBe(302);
    expect(error.message).toContain('redirects are not followed');
    expect(api.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
    await ref.close();
    await Promise.all([api.close(), elsewhere.close()]);
  });

  it('keeps absolute URLs passed to the raw HttpService under the configured base', async () => {
    const elsewhere = await startStub((_req, res) => json(res, 200, {}));
    const http = moduleRef.get<HttpService>(TIMEBACK_ONEROSTER_HTTP);
    const error = await rejectionOf(firstValueFrom(http.get(`${elsewhere.url}/steal`)));
    expect(error).toBeInstanceOf(TimebackNotFoundError);
    expect(elsewhere.requests).toHaveLength(0);
    const sent = sandbox.stats.recent.filter((r) => r.service === 'oneroster').at(-1)!;
    expect(sent.url.startsWith('/http:')).toBe(true);
    await elsewhere.close();
  });

  it('reports a refused connection as TimebackNetworkError', async () => {
    const closed = await startStub(() => undefined);
    await closed.close();
    const ref = await timebackModule(sandbox, { apiBaseUrl: closed.url, maxRetries: 1 });
    const error = (await rejectionOf(ref.get(RosteringService).getUser('x'))) as TimebackNetworkError;
    expect(error).toBeInstanceOf(TimebackNetworkError);
    expect(error.code).toBe('ECONNREFUSED');
    await ref.close();
  });
});
