import { randomBytes } from 'node:crypto';
import type { TokenRejection } from './sandbox-stats.js';

interface IssuedToken {
  expiresAt: number;
  revoked: boolean;
}

/** Opaque bearer tokens and their lifetimes. */
export class SandboxTokens {
  private readonly issued = new Map<string, IssuedToken>();

  constructor(public ttlSeconds: number) {}

  issue(): { token: string; expiresIn: number } {
    this.prune();
    const token = randomBytes(24).toString('base64url');
    this.issued.set(token, { expiresAt: Date.now() + this.ttlSeconds * 1000, revoked: false });
    return { token, expiresIn: this.ttlSeconds };
  }

  /** Why a bearer is refused, or `undefined` when it is good. */
  check(token: string | undefined): TokenRejection | undefined {
    if (!token) return 'missing';
    const entry = this.issued.get(token);
    if (!entry) return 'unknown';
    if (entry.revoked) return 'revoked';
    if (Date.now() >= entry.expiresAt) return 'expired';
    return undefined;
  }

  expireAll(): void {
    const now = Date.now();
    for (const entry of this.issued.values()) entry.expiresAt = Math.min(entry.expiresAt, now);
  }

  revokeAll(): void {
    for (const entry of this.issued.values()) entry.revoked = true;
  }

  /** Forgets tokens long past expiry, so a long run does not grow without bound; they still count as expired until then. */
  private prune(): void {
    const horizon = Date.now() - 10 * 60_000;
    for (const [token, entry] of this.issued) if (entry.expiresAt < horizon) this.issued.delete(token);
  }
}
