import 'reflect-metadata';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import fc from 'fast-check';
import { RosteringService, TimebackError, TimebackTokenProvider } from 'nestjs-timeback';
import { startStub, type StubServer } from '../support/stub-server.js';
import { everyRendering, rejectionOf, timebackModule } from '../support/timeback-app.js';

/**
 * Property: whatever the secret, the token and the casing of the header that
 * echoes them, no failure kind lets either reach a message, a stack, toJSON(),
 * util.inspect or the Nest logger.
 */
const FAILURES = [
  'api-400', 'api-401', 'api-403', 'api-404', 'api-409', 'api-422', 'api-429', 'api-500', 'api-502', 'api-503', 'api-504',
  'api-html', 'api-truncated', 'api-empty', 'api-reset', 'idp-400', 'idp-401', 'idp-500', 'idp-no-token', 'idp-html',
] as const;
type Failure = (typeof FAILURES)[number];

interface Run {
  secret: string;
  token: string;
  header: string;
  failure: Failure;
}

const SECRET_CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~!*()$+/='];
const TOKEN_CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'];
const runs = fc.record({
  secret: fc.string({ unit: fc.constantFrom(...SECRET_CHARS), minLength: 12, maxLength: 48 }),
  token: fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 16, maxLength: 64 }),
  header: fc.mixedCase(fc.constant('authorization')),
  failure: fc.constantFrom(...FAILURES),
});

let current: Run;
let stub: StubServer;
const logged: string[] = [];

class CapturingLogger implements LoggerService {
  log = (...args: unknown[]) => void logged.push(JSON.stringify(args));
  error = this.log;
  warn = this.log;
  debug = this.log;
  verbose = this.log;
  fatal = this.log;
}

/** Everything the client sent, and every secret it holds, under the run's header casing. The IdP kinds never issue the token, so only the API kinds echo it. */
function echo(req: IncomingMessage, body: string) {
  const sent = String(req.headers.authorization ?? '');
  const token = current.failure.startsWith('api-') ? ` | token ${current.token}` : '';
  return `${current.header}: ${sent} | ${current.header}=${sent} | body ${body} | secret ${current.secret}${token}`;
}

function answer(req: IncomingMessage, res: ServerResponse, body: string) {
  const side = current.failure.slice(0, 3);
  const kind = current.failure.slice(4);
  const json = (status: number, payload: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(payload));
  };
  if (req.url === '/oauth2/token') {
    if (side === 'api') return json(200, { access_token: current.token, expires_in: 3600, token_type: 'Bearer' });
    if (kind === 'no-token') return json(200, { token_type: 'Bearer', note: echo(req, body) });
    if (kind === 'html') {
      res.writeHead(500, { 'Content-Type': 'text/html' });
      return res.end(`<html>${echo(req, body)}</html>`);
    }
    return json(Number(kind), { error: 'invalid_client', error_description: echo(req, body), client_secret: current.secret });
  }
  if (kind === 'reset') return req.socket.destroy();
  if (kind === 'html') {
    res.writeHead(502, { 'Content-Type': 'text/html' });
    return res.end(`<html><body>${echo(req, body)}</body></html>`);
  }
  if (kind === 'truncated') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return res.end(`{"user": {"note": "${echo(req, body)}"`);
  }
  if (kind === 'empty') return json(200, { note: echo(req, body), [current.header]: `Bearer ${current.token}` });
  json(Number(kind), {
    imsx_codeMajor: 'failure',
    imsx_severity: 'error',
    imsx_description: echo(req, body),
    imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: echo(req, body) }] },
    [current.header]: `Bearer ${current.token}`,
    access_token: current.token,
  });
}

const logger = new CapturingLogger();
beforeAll(async () => {
  stub = await startStub(answer);
});
afterAll(() => stub.close());

const options = (secret: string) => ({
  environment: 'staging',
  clientId: 'property-client',
  clientSecret: secret,
  idpBaseUrl: stub.url,
  apiBaseUrl: stub.url,
  qtiApiBaseUrl: stub.url,
  caliperApiBaseUrl: stub.url,
  maxRetries: 0,
  timeoutMs: 5_000,
  env: {},
});

it('never renders the secret or the token, for every failure kind (1,000 runs)', async () => {
  await fc.assert(
    fc.asyncProperty(runs, async (run) => {
      current = run;
      logged.length = 0;
      const moduleRef = await timebackModule(options(run.secret), {}, logger);
      try {
        const error = await rejectionOf(moduleRef.get(RosteringService).getUser('user-1'));
        expect(error).toBeInstanceOf(TimebackError);
        for (const text of [...everyRendering(error), ...everyRendering((error as Error).cause), ...logged]) {
          expect(text).not.toContain(run.secret);
          expect(text).not.toContain(run.token);
        }
      } finally {
        await moduleRef.close();
      }
    }),
    { numRuns: Number(process.env.PROP_RUNS ?? 1000) },
  );
}, 180_000);

it('keeps a failed background refresh out of the logs', async () => {
  const secret = 'background-refresh-secret-x9';
  current = { secret, token: 'first-token-abcdefghijkl', header: 'Authorization', failure: 'api-404' };
  logged.length = 0;
  const refreshing = await startStub((req, res, body) => {
    res.writeHead(refreshing.requests.length === 1 ? 200 : 500, { 'Content-Type': 'application/json' });
    res.end(refreshing.requests.length === 1 ? JSON.stringify({ access_token: current.token, expires_in: 1 }) : JSON.stringify({ error: echo(req, body) }));
  });
  const moduleRef = await timebackModule({ ...options(secret), idpBaseUrl: refreshing.url }, {}, logger);
  const tokens = moduleRef.get(TimebackTokenProvider);
  await tokens.getAccessToken();
  await new Promise((resolve) => setTimeout(resolve, 600));
  await expect(tokens.getAccessToken()).resolves.toBe(current.token);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(logged.some((line) => line.includes('Background token refresh failed'))).toBe(true);
  for (const line of logged) {
    expect(line).not.toContain(secret);
    expect(line).not.toContain(current.token);
  }
  await moduleRef.close();
  await refreshing.close();
});
