/** Used when the IdP omits `expires_in`: short enough to be safe, long enough not to fetch on every call. */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;

/**
 * How long before expiry a token is refreshed: min(max(60 s, 10 % of the
 * lifetime), 50 % of the lifetime), so short-lived tokens still get half their
 * life before the first refresh.
 */
export function refreshLeadMs(lifetimeMs: number): number {
  return Math.min(Math.max(60_000, lifetimeMs * 0.1), lifetimeMs * 0.5);
}

/** `expires_in` as a positive number of seconds, or the default. */
export function lifetimeSeconds(expiresIn: unknown): number {
  const seconds = typeof expiresIn === 'string' && expiresIn.trim() !== '' ? Number(expiresIn) : expiresIn;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_TOKEN_LIFETIME_SECONDS;
}
