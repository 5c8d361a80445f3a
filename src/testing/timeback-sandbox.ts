import type { ServerResponse } from 'node:http';
import type { TimebackModuleOptions } from '../config/timeback-options.interface.js';
import type { OneRosterUser } from '../oneroster/oneroster.models.js';
import { imsxError } from './imsx.js';
import { type CaliperEnvelope, handleCaliper } from './sandbox-caliper.js';
import { SANDBOX_SERVICES, SandboxFaults, type SandboxService } from './sandbox-faults.js';
import { listen, RequestBodyTooLarge, type SandboxRequest, type SandboxServer, sendJson } from './sandbox-http.js';
import { handleTokenRequest, type SandboxCredentials } from './sandbox-idp.js';
import { ROSTERING_PREFIX, SandboxRoster } from './sandbox-oneroster.js';
import { handleQti, SANDBOX_STIMULI, type SandboxStimulus } from './sandbox-qti.js';
import { SandboxStats, type SandboxRequestRecord, type TokenRejection } from './sandbox-stats.js';
import { SandboxTokens } from './sandbox-tokens.js';
import { generateUsers } from './sandbox-users.js';

export interface TimebackSandboxOptions {
  /** First of four consecutive ports (IdP, API, QTI, Caliper); 0, the default, picks free ports. */
  port?: number;
  host?: string;
  clientId?: string;
  clientSecret?: string;
  tokenTtlSeconds?: number;
  /** A number of users to generate (default 1000), or the users themselves. */
  users?: number | OneRosterUser[];
  /** Seed for the generated users (default 42): the same seed, the same roster. */
  seed?: number;
}

export interface TimebackSandboxUrls {
  idpBaseUrl: string;
  apiBaseUrl: string;
  qtiApiBaseUrl: string;
  caliperApiBaseUrl: string;
}

export const SANDBOX_CLIENT_ID = 'sandbox-client';
export const SANDBOX_CLIENT_SECRET = 'sandbox-client-secret';
const QTI_PREFIX = '/api';

/**
 * A local Timeback: a Cognito-style IdP, OneRoster rostering, QTI stimuli and
 * Caliper ingest, each on its own loopback port, with faults to inject and
 * stats to assert on. Start it, point the module at `moduleOptions()`, stop it.
 */
export class TimebackSandbox {
  readonly stats = new SandboxStats();
  readonly faults = new SandboxFaults();
  /** Envelopes accepted by `POST /caliper/event`, oldest first. */
  readonly caliperEvents: CaliperEnvelope[] = [];
  readonly stimuli: readonly SandboxStimulus[] = SANDBOX_STIMULI;
  private readonly servers: SandboxServer[] = [];
  private roster = new SandboxRoster([]);

  private constructor(
    private readonly credentials: SandboxCredentials,
    private readonly tokens: SandboxTokens,
  ) {}

  static async start(options: TimebackSandboxOptions = {}): Promise<TimebackSandbox> {
    const sandbox = new TimebackSandbox(
      { clientId: options.clientId ?? SANDBOX_CLIENT_ID, clientSecret: options.clientSecret ?? SANDBOX_CLIENT_SECRET },
      new SandboxTokens(options.tokenTtlSeconds ?? 3600),
    );
    try {
      for (const [index, service] of SANDBOX_SERVICES.entries()) {
        const port = options.port ? options.port + index : 0;
        sandbox.servers.push(await listen(options.host ?? '127.0.0.1', port, (req, res) => sandbox.handle(service, req, res)));
      }
    } catch (error) {
      await sandbox.stop();
      throw error;
    }
    const users = Array.isArray(options.users)
      ? options.users
      : generateUsers(options.users ?? 1000, options.seed ?? 42, sandbox.urls.apiBaseUrl);
    sandbox.roster = new SandboxRoster(users);
    return sandbox;
  }

  /** Base URLs, in the form `TimebackModuleOptions` takes them. */
  get urls(): TimebackSandboxUrls {
    const [idp, api, qti, caliper] = this.servers;
    return {
      idpBaseUrl: idp.url,
      apiBaseUrl: `${api.url}/`,
      qtiApiBaseUrl: `${qti.url}${QTI_PREFIX}`,
      caliperApiBaseUrl: caliper.url,
    };
  }

  get users(): readonly OneRosterUser[] {
    return this.roster.users;
  }

  get clientId(): string {
    return this.credentials.clientId;
  }

  /** Options that point `TimebackModule` at this sandbox and ignore the environment. */
  moduleOptions(): TimebackModuleOptions {
    return {
      environment: 'staging',
      clientId: this.credentials.clientId,
      clientSecret: this.credentials.clientSecret,
      ...this.urls,
      env: {},
    };
  }

  /** Lifetime of tokens issued from now on. */
  setTokenTtl(seconds: number): void {
    this.tokens.ttlSeconds = seconds;
  }

  /** Every token issued so far is expired from now on. */
  expireTokens(): void {
    this.tokens.expireAll();
  }

  /** Every token issued so far is revoked from now on. */
  revokeTokens(): void {
    this.tokens.revokeAll();
  }

  resetStats(): void {
    this.stats.reset();
  }

  /** Closes every server and connection, hung ones included. */
  async stop(): Promise<void> {
    this.faults.releaseHung();
    await Promise.all(this.servers.map((server) => server.close()));
  }

  private async handle(service: SandboxService, req: SandboxRequest, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const rawPath = rawUrl.split('?')[0];
    const record = this.track(service, req, rawUrl);
    res.once('close', () => {
      record.status = res.headersSent ? res.statusCode : 0;
      this.stats.complete(record);
    });
    if (req.method === 'GET' && rawPath === (service === 'qti' ? `${QTI_PREFIX}/health` : '/health')) {
      record.route = '/health';
      sendJson(res, 200, { status: 'ok', service, sandbox: true });
      return;
    }
    try {
      if (service === 'idp') await this.handleIdp(req, res, rawPath, record);
      else await this.handleApi(service, req, res, rawPath, new URL(rawUrl, 'http://sandbox.invalid'), record);
    } catch (error) {
      if (!(error instanceof RequestBodyTooLarge)) throw error;
      sendJson(res, 413, { error: 'payload_too_large' });
    }
  }

  private track(service: SandboxService, req: SandboxRequest, rawUrl: string): SandboxRequestRecord {
    const record: SandboxRequestRecord = {
      service,
      requestId: req.requestId,
      at: performance.timeOrigin + performance.now(),
      method: req.method ?? 'GET',
      url: rawUrl,
      route: 'unmatched',
      status: 0,
      authorization: authorizationKind(req.headers.authorization),
    };
    this.stats.arrive(record);
    return record;
  }

  private async handleIdp(req: SandboxRequest, res: ServerResponse, rawPath: string, record: SandboxRequestRecord): Promise<void> {
    const isTokenRequest = rawPath === '/oauth2/token';
    if (isTokenRequest) {
      this.stats.tokenRequestOpened(record.at);
      res.once('close', () => this.stats.tokenRequestClosed());
    }
    // Named before a fault answers: 'close' can fire before this method resumes.
    record.route = isTokenRequest ? '/oauth2/token' : 'fault';
    if (await this.faults.apply('idp', req, res)) return;
    if (!isTokenRequest) {
      record.route = 'unmatched';
      sendJson(res, 404, { error: 'not_found' });
      return;
    }
    if ((await handleTokenRequest(req, res, this.credentials, this.tokens)) === 200) this.stats.tokensIssued += 1;
  }

  private async handleApi(
    service: SandboxService,
    req: SandboxRequest,
    res: ServerResponse,
    rawPath: string,
    url: URL,
    record: SandboxRequestRecord,
  ): Promise<void> {
    // Counted on arrival, faulted or not: the question is which tokens reached the API.
    const rejection = this.tokens.check(bearerOf(req.headers.authorization));
    if (rejection) this.stats.tokenRejections[rejection] += 1;
    record.route = 'fault';
    if (await this.faults.apply(service, req, res)) return;
    if (rejection) {
      record.route = 'unauthorized';
      this.unauthorized(service, rejection, res);
      return;
    }
    record.route = await this.route(service, req, rawPath, url, res);
  }

  private async route(service: SandboxService, req: SandboxRequest, rawPath: string, url: URL, res: ServerResponse): Promise<string> {
    const method = req.method ?? 'GET';
    if (service === 'oneroster') {
      if (rawPath.startsWith(`${ROSTERING_PREFIX}/`)) return this.roster.handle(method, url, rawPath, res);
      sendJson(res, 404, imsxError(404, `No route for ${method} ${rawPath}`));
      return 'unmatched';
    }
    if (service === 'qti') {
      if (rawPath.startsWith(`${QTI_PREFIX}/`)) return handleQti(method, rawPath.slice(QTI_PREFIX.length), url, res);
      sendJson(res, 404, { error: `No route for ${method} ${rawPath}` });
      return 'unmatched';
    }
    return handleCaliper(req, rawPath, res, this.caliperEvents);
  }

  private unauthorized(service: SandboxService, rejection: TokenRejection, res: ServerResponse): void {
    const description = rejection === 'missing' ? 'A bearer token is required' : `The bearer token is ${rejection === 'unknown' ? 'not recognised' : rejection}`;
    const headers = {
      'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"`,
    };
    if (service === 'oneroster') sendJson(res, 401, imsxError(401, description), headers);
    else if (service === 'qti') sendJson(res, 401, { error: description }, headers);
    else sendJson(res, 401, { status: 'error', message: description }, headers);
  }
}

function bearerOf(header: string | undefined): string | undefined {
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}

function authorizationKind(header: string | undefined): SandboxRequestRecord['authorization'] {
  if (!header) return 'none';
  if (header.startsWith('Bearer ')) return 'bearer';
  if (header.toLowerCase().startsWith('basic ')) return 'basic';
  return 'other';
}
