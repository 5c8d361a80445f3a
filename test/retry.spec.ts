import 'reflect-metadata';
import { HttpService } from '@nestjs/axios';
import type { TestingModule } from '@nestjs/testing';
import {
  RosteringService,
  TIMEBACK_CALIPER_HTTP,
  TimebackAuthError,
  TimebackNetworkError,
  TimebackRateLimitError,
  TimebackServerError,
  TimebackValidationError,
} from 'nestjs-timeback';
import { TimebackSandbox } from 'nestjs-timeback/testing';
import { firstValueFrom } from 'rxjs';
import { rejectionOf, timebackModule } from './support/timeback-app.js';

const USERS_ROUTE = 'oneroster GET /ims/oneroster/rostering/v1p2/users/{sourcedId}';
const EVENT = {
  sensor: 'https://example.edu/sensor',
  sendTime: new Date().toISOString(),
  dataVersion: 'http://purl.imsglobal.org/ctx/caliper/v1p2',
  data: [
    {
      id: 'urn:uuid:c51570e4-f8ed-4c18-bb3a-dfe51b2cc594',
      type: 'Event',
      actor: 'https://example.edu/users/1',
      action: 'Created',
      object: 'https://example.edu/assignments/1',
      eventTime: new Date().toISOString(),
    },
  ],
};

let sandbox: TimebackSandbox;
let moduleRef: TestingModule;
let rostering: RosteringService;
let userId: string;

async function restart(overrides = {}) {
  await moduleRef?.close();
  moduleRef = await timebackModule(sandbox, overrides);
  rostering = moduleRef.get(RosteringService);
}

beforeAll(async () => {
  sandbox = await TimebackSandbox.start({ users: 3 });
  userId = sandbox.users[0].sourcedId;
});
beforeEach(async () => {
  sandbox.faults.clear();
  await restart();
  await rostering.getUser(userId);
  sandbox.resetStats();
});
afterAll(async () => {
  await moduleRef.close();
  await sandbox.stop();
});

const attempts = () => sandbox.stats.count('oneroster');

describe('retries', () => {
  it('succeeds after 503, 503, 200 with two retries', async () => {
    sandbox.faults.status('oneroster', 503, { times: 2 });
    await expect(rostering.getUser(userId)).resolves.toMatchObject({ sourcedId: userId });
    expect(sandbox.stats.routes).toMatchObject({ 'oneroster GET fault': { 503: 2 }, [USERS_ROUTE]: { 200: 1 } });
  });

  it.each([408, 429, 500, 502, 504])('retries %i on a GET', async (status) => {
    sandbox.faults.status('oneroster', status);
    await expect(rostering.getUser(userId)).resolves.toMatchObject({ sourcedId: userId });
    expect(attempts()).toBe(2);
  });

  it('gives up after maxRetries with a typed error', async () => {
    sandbox.faults.status('oneroster', 503, { times: 5 });
    const error = await rejectionOf(rostering.getUser(userId));
    expect(error).toBeInstanceOf(TimebackServerError);
    expect((error as TimebackServerError).status).toBe(503);
    expect(attempts()).toBe(3);
  });

  it('does not retry a 400', async () => {
    sandbox.faults.status('oneroster', 400);
    await expect(rostering.getUser(userId)).rejects.toBeInstanceOf(TimebackValidationError);
    expect(attempts()).toBe(1);
  });

  it('retries a connection reset on a GET', async () => {
    sandbox.faults.reset('oneroster');
    await expect(rostering.getUser(userId)).resolves.toMatchObject({ sourcedId: userId });
    expect(attempts()).toBe(2);
  });

  it('waits at least Retry-After seconds on a 429', async () => {
    sandbox.faults.status('oneroster', 429, { retryAfter: 1 });
    const started = performance.now();
    await rostering.getUser(userId);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    expect(attempts()).toBe(2);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const at = new Date(Math.ceil((Date.now() + 1500) / 1000) * 1000);
    sandbox.faults.status('oneroster', 503, { retryAfter: at.toUTCString() });
    await rostering.getUser(userId);
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime());
  });

  it('fails at once with TimebackRateLimitError when Retry-After exceeds 30 s', async () => {
    sandbox.faults.status('oneroster', 429, { retryAfter: 31 });
    const error = await rejectionOf(rostering.getUser(userId));
    expect(error).toBeInstanceOf(TimebackRateLimitError);
    expect((error as TimebackRateLimitError).retryAfterMs).toBe(31_000);
    expect(attempts()).toBe(1);
  });

  it('never retries a POST, on a 503 or a reset', async () => {
    const caliper = moduleRef.get<HttpService>(TIMEBACK_CALIPER_HTTP);
    sandbox.faults.status('caliper', 503);
    await expect(firstValueFrom(caliper.post('caliper/event', EVENT))).rejects.toBeInstanceOf(TimebackServerError);
    sandbox.faults.reset('caliper');
    const reset = await rejectionOf(firstValueFrom(caliper.post('caliper/event', EVENT)));
    expect(reset).toBeInstanceOf(TimebackNetworkError);
    expect((reset as TimebackNetworkError).code).toBe('ECONNRESET');
    expect(sandbox.stats.count('caliper')).toBe(2);
    expect(sandbox.caliperEvents).toHaveLength(0);
  });

  it('retries a POST that carries an Idempotency-Key', async () => {
    const caliper = moduleRef.get<HttpService>(TIMEBACK_CALIPER_HTTP);
    sandbox.faults.status('caliper', 503);
    const { data } = await firstValueFrom(caliper.post('caliper/event', EVENT, { headers: { 'Idempotency-Key': 'k-1' } }));
    expect(data).toMatchObject({ status: 'success' });
    expect(sandbox.stats.count('caliper')).toBe(2);
  });

  it('does not retry a timeout: timeoutMs bounds the call', async () => {
    await restart({ timeoutMs: 300 });
    sandbox.faults.hang('oneroster');
    const error = await rejectionOf(rostering.getUser(userId));
    expect(error).toBeInstanceOf(TimebackNetworkError);
    expect((error as TimebackNetworkError).code).toBe('ETIMEDOUT');
    expect(sandbox.faults.pending('oneroster')).toBe(0);
    expect(sandbox.stats.recent.filter((r) => r.service === 'oneroster')).toHaveLength(1);
  });
});

describe('401 handling', () => {
  it('refreshes the token once and repeats the request', async () => {
    sandbox.revokeTokens();
    await expect(rostering.getUser(userId)).resolves.toMatchObject({ sourcedId: userId });
    expect(sandbox.stats.tokenRequests).toBe(1);
    expect(sandbox.stats.tokenRejections.revoked).toBe(1);
    expect(attempts()).toBe(2);
  });

  it('turns a second 401 into TimebackAuthError', async () => {
    sandbox.faults.status('oneroster', 401, { times: 2 });
    const error = await rejectionOf(rostering.getUser(userId));
    expect(error).toBeInstanceOf(TimebackAuthError);
    expect((error as TimebackAuthError).status).toBe(401);
    expect(sandbox.stats.tokenRequests).toBe(1);
    expect(attempts()).toBe(2);
  });

  it('does not count the refresh against maxRetries', async () => {
    await restart({ maxRetries: 1 });
    sandbox.revokeTokens();
    sandbox.faults.status('oneroster', 503, { match: { method: 'GET' } });
    await expect(rostering.getUser(userId)).resolves.toMatchObject({ sourcedId: userId });
  });
});
