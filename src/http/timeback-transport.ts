import http from 'node:http';
import https from 'node:https';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import type { TimebackSettings } from '../config/timeback-options.interface.js';
import { InjectTimebackSettings } from '../timeback.decorators.js';
import { Redactor } from './redaction.js';
import { TIMEBACK_RETRY_POLICY } from '../timeback.internal-constants.js';
import type { RetryPolicy } from './retry-policy.js';
import { type AccessTokenSource, attachBearer, attachRetryAndErrorMapping } from './timeback.interceptors.js';
import { TIMEBACK_USER_AGENT } from './user-agent.js';

const MAX_DRAIN_MS = 10_000;
const DRAIN_POLL_MS = 10;

/** An agent with a request on a socket or waiting for one. */
function isBusy(agent: http.Agent): boolean {
  const inUse = Object.values(agent.sockets).some((sockets) => (sockets?.length ?? 0) > 0);
  return inUse || Object.values(agent.requests).some((queued) => (queued?.length ?? 0) > 0);
}

/** Upstream bodies larger than this are refused. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Builds every axios instance of one module: its own instance per API family
 * (never the global axios), its own keep-alive agents, and the interceptors
 * that carry bearer injection, retries and error mapping. On shutdown it stops
 * pending retries, lets requests on the wire finish, then closes every socket.
 */
@Injectable()
export class TimebackTransport implements OnModuleDestroy, OnApplicationShutdown {
  private readonly shutdown = new AbortController();
  private readonly agents: Array<http.Agent | https.Agent> = [];

  constructor(
    @InjectTimebackSettings() private readonly settings: TimebackSettings,
    private readonly redactor: Redactor,
    @Inject(TIMEBACK_RETRY_POLICY) private readonly policy: RetryPolicy,
  ) {}

  createAxios(baseURL: string, tokens?: AccessTokenSource): AxiosInstance {
    const httpAgent = new http.Agent({ keepAlive: true });
    const httpsAgent = new https.Agent({ keepAlive: true });
    this.agents.push(httpAgent, httpsAgent);

    const instance = axios.create({
      baseURL,
      timeout: this.settings.timeoutMs,
      httpAgent,
      httpsAgent,
      headers: { Accept: 'application/json', 'User-Agent': TIMEBACK_USER_AGENT },
      // Redirects are not followed, so a bearer can never travel to another origin.
      maxRedirects: 0,
      maxContentLength: MAX_BODY_BYTES,
      maxBodyLength: MAX_BODY_BYTES,
      allowAbsoluteUrls: false,
      responseType: 'json',
      transitional: { silentJSONParsing: false, forcedJSONParsing: true, clarifyTimeoutError: true },
    });
    if (tokens) attachBearer(instance, tokens);
    attachRetryAndErrorMapping(instance, {
      redactor: this.redactor,
      policy: this.policy,
      shutdown: this.shutdown.signal,
      tokens,
    });
    return instance;
  }

  /** Retries waiting for their backoff give up, typed, instead of holding the process open. */
  onModuleDestroy(): void {
    this.shutdown.abort();
  }

  /** Requests already on the wire get to finish (up to `timeoutMs`, 10 s at most), then every socket closes. */
  async onApplicationShutdown(): Promise<void> {
    const deadline = Date.now() + Math.min(this.settings.timeoutMs, MAX_DRAIN_MS);
    while (this.agents.some(isBusy) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    for (const agent of this.agents) agent.destroy();
  }
}
