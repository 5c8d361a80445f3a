import type { ServerResponse } from 'node:http';
import { imsxError } from './imsx.js';
import { seededRandom } from './sandbox-users.js';
import { sendJson, type SandboxRequest } from './sandbox-http.js';

export const SANDBOX_SERVICES = ['idp', 'oneroster', 'qti', 'caliper'] as const;
export type SandboxService = (typeof SANDBOX_SERVICES)[number];

export interface FaultMatch {
  /** Only requests with this method (case-insensitive). */
  method?: string;
  /** Only requests whose raw path and query match. */
  path?: RegExp;
}

interface FaultCommon {
  /** How many matching requests this fault applies to. Default 1; `Infinity` for every one. */
  times?: number;
  match?: FaultMatch;
}

/** Answer with this status instead of the real response. */
export interface StatusFault extends FaultCommon {
  kind: 'status';
  status: number;
  /** Sent as `Retry-After`: seconds as a number, or any string (an HTTP date). */
  retryAfter?: number | string;
  /** The body; a spec-shaped imsx body by default. A string is sent as is, with `contentType`. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Wait, then answer normally. */
export interface DelayFault extends FaultCommon {
  kind: 'delay';
  ms: number;
}

/** Send the head and part of the body, then reset the TCP connection. */
export interface ResetFault extends FaultCommon {
  kind: 'reset';
}

/** Never answer; the connection stays open until the client gives up or the sandbox stops. */
export interface HangFault extends FaultCommon {
  kind: 'hang';
}

/**
 * Faults a seeded share of matching requests, forever (or `times` of them):
 * each faulted request gets one of `outcomes`, a status or a reset.
 */
export interface RandomFault extends FaultCommon {
  kind: 'random';
  /** The share of requests to fault, from 0 to 1. */
  rate: number;
  outcomes: Array<number | 'reset'>;
  seed?: number;
}

export type SandboxFault = StatusFault | DelayFault | ResetFault | HangFault | RandomFault;

type QueuedFault = SandboxFault & { remaining: number; random?: () => number };

/**
 * Faults queued per service. Each request takes the first matching fault with
 * uses left; a `delay` then lets the request through, the others answer it.
 */
export class SandboxFaults {
  private readonly queues = new Map<SandboxService, QueuedFault[]>(SANDBOX_SERVICES.map((service) => [service, []]));
  private readonly hung = new Set<ServerResponse>();

  add(service: SandboxService, fault: SandboxFault): this {
    const random = fault.kind === 'random' ? seededRandom(fault.seed ?? 1) : undefined;
    const remaining = fault.times ?? (fault.kind === 'random' ? Infinity : 1);
    this.queues.get(service)!.push({ ...fault, remaining, random });
    return this;
  }

  /** Shorthands for `add()`. */
  status(service: SandboxService, status: number, options: Omit<StatusFault, 'kind' | 'status'> = {}): this {
    return this.add(service, { ...options, kind: 'status', status });
  }

  delay(service: SandboxService, ms: number, options: FaultCommon = {}): this {
    return this.add(service, { ...options, kind: 'delay', ms });
  }

  reset(service: SandboxService, options: FaultCommon = {}): this {
    return this.add(service, { ...options, kind: 'reset' });
  }

  hang(service: SandboxService, options: FaultCommon = {}): this {
    return this.add(service, { ...options, kind: 'hang' });
  }

  random(service: SandboxService, options: Omit<RandomFault, 'kind'>): this {
    return this.add(service, { ...options, kind: 'random' });
  }

  /** Drops queued faults, of one service or all. */
  clear(service?: SandboxService): void {
    for (const name of service ? [service] : SANDBOX_SERVICES) this.queues.get(name)!.length = 0;
  }

  pending(service: SandboxService): number {
    return this.queues.get(service)!.reduce((sum, fault) => sum + fault.remaining, 0);
  }

  /** Applies the next fault for this request; `true` when the fault has answered (or swallowed) it. */
  async apply(service: SandboxService, req: SandboxRequest, res: ServerResponse): Promise<boolean> {
    const fault = this.take(service, req);
    return fault ? this.perform(service, fault.kind === 'random' ? pickRandom(fault) : fault, res) : false;
  }

  private async perform(service: SandboxService, fault: SandboxFault | undefined, res: ServerResponse): Promise<boolean> {
    switch (fault?.kind) {
      case undefined:
      case 'random':
        return false;
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        return false;
      case 'status':
        respondWithStatus(service, fault, res);
        return true;
      case 'reset':
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1024' });
        res.write('{"partial":');
        res.socket?.resetAndDestroy();
        return true;
      case 'hang':
        this.hung.add(res);
        res.on('close', () => this.hung.delete(res));
        return true;
    }
  }

  /** Ends hung responses, for `stop()`. */
  releaseHung(): void {
    for (const res of this.hung) res.destroy();
    this.hung.clear();
  }

  private take(service: SandboxService, req: SandboxRequest): QueuedFault | undefined {
    const queue = this.queues.get(service)!;
    const index = queue.findIndex((fault) => fault.remaining > 0 && matches(fault.match, req));
    if (index === -1) return undefined;
    const fault = queue[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) queue.splice(index, 1);
    return fault;
  }
}

/** The concrete fault a random fault deals this request, or none. */
function pickRandom(fault: QueuedFault & RandomFault): SandboxFault | undefined {
  const random = fault.random!;
  if (random() >= fault.rate) return undefined;
  const outcome = fault.outcomes[Math.floor(random() * fault.outcomes.length)];
  return outcome === 'reset' ? { kind: 'reset' } : { kind: 'status', status: outcome };
}

function matches(match: FaultMatch | undefined, req: SandboxRequest): boolean {
  if (!match) return true;
  if (match.method && match.method.toUpperCase() !== req.method) return false;
  return !match.path || match.path.test(req.url ?? '');
}

function respondWithStatus(service: SandboxService, fault: StatusFault, res: ServerResponse): void {
  const headers: Record<string, string> = { ...fault.headers };
  if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
  if (typeof fault.body === 'string') {
    res.writeHead(fault.status, { 'Content-Type': fault.contentType ?? 'text/plain', ...headers });
    res.end(fault.body);
    return;
  }
  const body =
    fault.body ??
    (service === 'idp'
      ? { error: fault.status >= 500 ? 'server_error' : 'invalid_request' }
      : imsxError(fault.status, `Sandbox fault: ${fault.status}`));
  sendJson(res, fault.status, body, headers);
}
