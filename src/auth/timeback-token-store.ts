/** An access token as the provider caches it. Times are epoch milliseconds. */
export interface TimebackCachedToken {
  readonly accessToken: string;
  readonly expiresAt: number;
  /** From here on the token is refreshed in the background while callers keep using it. */
  readonly refreshAt: number;
}

/**
 * Where the token provider caches tokens. The default keeps them in memory; a
 * store shared by several replicas (Redis, say) implements the same three
 * methods, synchronously or with promises.
 */
export interface TimebackTokenStore {
  get(key: string): TimebackCachedToken | undefined | Promise<TimebackCachedToken | undefined>;
  set(key: string, token: TimebackCachedToken): void | Promise<void>;
  delete(key: string): void | Promise<void>;
}

export class InMemoryTokenStore implements TimebackTokenStore {
  private readonly tokens = new Map<string, TimebackCachedToken>();

  get(key: string): TimebackCachedToken | undefined {
    return this.tokens.get(key);
  }

  set(key: string, token: TimebackCachedToken): void {
    this.tokens.set(key, token);
  }

  delete(key: string): void {
    this.tokens.delete(key);
  }
}
