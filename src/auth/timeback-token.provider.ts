import { Injectable, Logger } from '@nestjs/common';
import type { AxiosInstance } from 'axios';
import type { TimebackSettings } from '../config/timeback-options.interface.js';
import { TimebackAuthError, TimebackError } from '../errors/timeback.errors.js';
import { parseOAuthError, toTimebackError } from '../http/error-mapping.js';
import { Redactor } from '../http/redaction.js';
import type { AccessTokenSource } from '../http/timeback.interceptors.js';
import { TimebackTransport } from '../http/timeback-transport.js';
import { InjectTimebackSettings, InjectTimebackTokenStore } from '../timeback.decorators.js';
import type { TimebackCachedToken, TimebackTokenStore } from './timeback-token-store.js';
import { lifetimeSeconds, refreshLeadMs } from './token-lifetime.js';

/** After a failed background refresh, wait this long before the next one while the old token lasts. */
const BACKGROUND_RETRY_MS = 5_000;

/**
 * OAuth 2.0 client-credentials tokens for one module instance: cached in the
 * token store, refreshed ahead of expiry without making callers wait, and
 * fetched by a single request however many callers ask at once.
 */
@Injectable()
export class TimebackTokenProvider implements AccessTokenSource {
  private readonly logger = new Logger('TimebackTokenProvider');
  private readonly idp: AxiosInstance;
  private readonly cacheKey: string;
  private inflight?: Promise<TimebackCachedToken>;
  private nextBackgroundRefreshAt = 0;
  private settledFor?: TimebackCachedToken;
  private settledToken?: Promise<string>;

  constructor(
    @InjectTimebackSettings() private readonly settings: TimebackSettings,
    @InjectTimebackTokenStore() private readonly store: TimebackTokenStore,
    private readonly redactor: Redactor,
    transport: TimebackTransport,
  ) {
    this.idp = transport.createAxios(settings.idpBaseUrl);
    this.cacheKey = `timeback:${settings.tokenUrl}:${settings.clientId}:${settings.scope ?? ''}`;
  }

  getAccessToken(): Promise<string> {
    const cached = this.store.get(this.cacheKey);
    if (cached instanceof Promise) return cached.then((token) => this.usable(token)).then((token) => token.accessToken);
    // The hot path: a cached token that needs no refresh answers with one settled promise per token.
    if (cached && Date.now() < cached.refreshAt) return this.settled(cached);
    return Promise.resolve(this.usable(cached)).then((token) => token.accessToken);
  }

  /** The current token with its expiry; a caller waits only when no valid token is cached. */
  async getToken(): Promise<TimebackCachedToken> {
    return this.usable(await this.store.get(this.cacheKey));
  }

  /** Drops the cached token; with `token`, only if it is still the cached one, so a stale 401 cannot discard a fresh token. */
  async invalidate(token?: string): Promise<void> {
    if (token !== undefined) {
      const cached = await this.store.get(this.cacheKey);
      if (cached?.accessToken !== token) return;
    }
    await this.store.delete(this.cacheKey);
  }

  /** A still-valid cached token (refreshed behind the caller once due), or the shared refresh. */
  private usable(cached: TimebackCachedToken | undefined): TimebackCachedToken | Promise<TimebackCachedToken> {
    const now = Date.now();
    if (cached && now < cached.expiresAt) {
      if (now >= cached.refreshAt) this.refreshInBackground(now);
      return cached;
    }
    return this.refresh();
  }

  private settled(token: TimebackCachedToken): Promise<string> {
    if (this.settledFor !== token) {
      this.settledFor = token;
      this.settledToken = Promise.resolve(token.accessToken);
    }
    return this.settledToken!;
  }

  private refresh(): Promise<TimebackCachedToken> {
    this.inflight ??= this.requestToken().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private refreshInBackground(now: number): void {
    if (this.inflight || now < this.nextBackgroundRefreshAt) return;
    this.refresh().catch((error: unknown) => {
      this.nextBackgroundRefreshAt = Date.now() + BACKGROUND_RETRY_MS;
      this.logger.warn(`Background token refresh failed; the current token stays in use: ${(error as Error).message}`);
    });
  }

  private async requestToken(): Promise<TimebackCachedToken> {
    const { clientId, clientSecret, clientAuth, scope } = this.settings;
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
    if (clientAuth === 'basic') {
      // RFC 6749 §2.3.1: both parts are form-encoded before Base64.
      const pair = `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`;
      headers.Authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    } else {
      form.set('client_id', clientId);
      form.set('client_secret', clientSecret);
    }
    if (scope) form.set('scope', scope);

    const startedAt = Date.now();
    let data: unknown;
    try {
      ({ data } = await this.idp.post('oauth2/token', form.toString(), { headers, timeback: { idempotent: true } }));
    } catch (error) {
      throw this.authError(toTimebackError(error, this.redactor));
    }

    const body = (data ?? {}) as Record<string, unknown>;
    const accessToken = body.access_token;
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw new TimebackAuthError(`The token endpoint answered without an access_token for client "${clientId}"`, {
        method: 'POST',
        path: new URL(this.settings.tokenUrl).pathname,
        body: this.redactor.excerpt(body),
      });
    }
    this.redactor.rememberToken(accessToken);
    const lifetimeMs = lifetimeSeconds(body.expires_in) * 1000;
    const expiresAt = startedAt + lifetimeMs;
    const token: TimebackCachedToken = { accessToken, expiresAt, refreshAt: expiresAt - refreshLeadMs(lifetimeMs) };
    await this.store.set(this.cacheKey, token);
    return token;
  }

  private authError(error: TimebackError): TimebackAuthError {
    const oauth = parseOAuthError(error.body);
    const reason = oauth.error
      ? `${oauth.error}${oauth.description ? `: ${this.redactor.redact(oauth.description)}` : ''}`
      : error.message;
    return new TimebackAuthError(`Could not obtain a Timeback access token for client "${this.settings.clientId}": ${reason}`, {
      status: error.status,
      method: error.method,
      path: error.path,
      requestId: error.requestId,
      body: error.body,
      code: error.code,
      oauthError: oauth.error,
      cause: error,
    });
  }
}
