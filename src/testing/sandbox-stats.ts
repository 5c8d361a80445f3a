import type { SandboxService } from './sandbox-faults.js';

export type TokenRejection = 'missing' | 'unknown' | 'expired' | 'revoked';

export interface SandboxRequestRecord {
  service: SandboxService;
  /** The `x-request-id` the sandbox answered with. */
  requestId: string;
  /** Arrival, in epoch milliseconds with sub-millisecond precision. */
  at: number;
  method: string;
  /** The raw request target, exactly as received. */
  url: string;
  route: string;
  status: number;
  authorization: 'none' | 'bearer' | 'basic' | 'other';
}

/** What the sandbox has seen since start or the last `resetStats()`. */
export class SandboxStats {
  static readonly RECENT_LIMIT = 2_000;

  /** Requests to the token endpoint, faulted ones included. */
  tokenRequests = 0;
  /** Token requests that were answered 200. */
  tokensIssued = 0;
  /** Arrival times of the most recent token requests (bounded), in the units of `SandboxRequestRecord.at`. */
  readonly tokenRequestTimes: number[] = [];
  /** The most token requests open at one moment. */
  maxConcurrentTokenRequests = 0;
  private openTokenRequests = 0;
  /** Requests per `"<service> <METHOD> <route>"`, then per status. */
  readonly routes: Record<string, Record<number, number>> = {};
  /** API requests refused for their token, by reason. */
  readonly tokenRejections: Record<TokenRejection, number> = { missing: 0, unknown: 0, expired: 0, revoked: 0 };
  /** The most recent requests as they arrived, oldest first (bounded); `status` is 0 until answered. */
  readonly recent: SandboxRequestRecord[] = [];

  /** A request as it arrives; `complete()` counts it once answered. */
  arrive(entry: SandboxRequestRecord): void {
    this.recent.push(entry);
    if (this.recent.length > SandboxStats.RECENT_LIMIT) this.recent.splice(0, this.recent.length - SandboxStats.RECENT_LIMIT);
  }

  complete(entry: SandboxRequestRecord): void {
    const key = `${entry.service} ${entry.method} ${entry.route}`;
    const byStatus = (this.routes[key] ??= {});
    byStatus[entry.status] = (byStatus[entry.status] ?? 0) + 1;
  }

  /** Requests to one service (or all), optionally with one status. */
  count(service?: SandboxService, status?: number): number {
    let total = 0;
    for (const [key, byStatus] of Object.entries(this.routes)) {
      if (service && !key.startsWith(`${service} `)) continue;
      for (const [code, n] of Object.entries(byStatus)) if (status === undefined || Number(code) === status) total += n;
    }
    return total;
  }

  tokenRequestOpened(at: number): void {
    this.tokenRequests += 1;
    this.tokenRequestTimes.push(at);
    if (this.tokenRequestTimes.length > SandboxStats.RECENT_LIMIT) this.tokenRequestTimes.shift();
    this.openTokenRequests += 1;
    this.maxConcurrentTokenRequests = Math.max(this.maxConcurrentTokenRequests, this.openTokenRequests);
  }

  tokenRequestClosed(): void {
    this.openTokenRequests -= 1;
  }

  reset(): void {
    this.tokenRequests = 0;
    this.tokensIssued = 0;
    this.maxConcurrentTokenRequests = this.openTokenRequests;
    this.tokenRequestTimes.length = 0;
    for (const key of Object.keys(this.routes)) delete this.routes[key];
    for (const key of Object.keys(this.tokenRejections) as TokenRejection[]) this.tokenRejections[key] = 0;
    this.recent.length = 0;
  }
}
