export const REDACTED = '[REDACTED]';

/** Longest body excerpt an error carries, in characters. */
export const BODY_EXCERPT_LIMIT = 1024;

const SENSITIVE_KEY = /^(access_token|refresh_token|id_token|client_secret|password|secret|token|authorization)$/i;
const CREDENTIAL_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\b(bearer|basic)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`],
  [/((?:access_token|refresh_token|id_token|client_secret|password)"?\s*[:=]\s*"?)[^"&\s,}]+/gi, `$1${REDACTED}`],
];

/** Replaces every known secret, then anything shaped like a credential. */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  let result = text;
  for (const secret of secrets) {
    if (secret) result = result.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of CREDENTIAL_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/**
 * Holds the secrets of one module instance: the client secret and the most
 * recent access tokens. Every error message and body excerpt passes through it.
 */
export class Redactor {
  private static readonly TOKENS_KEPT = 8;
  private readonly tokens: string[] = [];

  constructor(private readonly fixedSecrets: readonly string[] = []) {}

  rememberToken(token: string): void {
    if (this.tokens.includes(token)) return;
    this.tokens.push(token);
    if (this.tokens.length > Redactor.TOKENS_KEPT) this.tokens.shift();
  }

  redact(text: string): string {
    return redactSecrets(text, [...this.fixedSecrets, ...this.tokens]);
  }

  /** A bounded, redacted copy of an upstream body: small JSON stays structured, anything else becomes text of at most 1 KB. */
  excerpt(body: unknown): unknown {
    if (body === undefined || body === null || body === '') return undefined;
    if (typeof body === 'string') return this.truncate(this.redact(body));
    if (Buffer.isBuffer(body) || body instanceof ArrayBuffer) {
      return this.truncate(this.redact(Buffer.from(body as Buffer).toString('utf8', 0, BODY_EXCERPT_LIMIT * 4)));
    }
    if (typeof body !== 'object') return body;
    const cleaned = this.redactValue(body, 0);
    const json = JSON.stringify(cleaned);
    return json !== undefined && json.length <= BODY_EXCERPT_LIMIT ? cleaned : this.truncate(json ?? '');
  }

  private redactValue(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth > 8) return REDACTED;
    if (Array.isArray(value)) return value.slice(0, 50).map((item) => this.redactValue(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>).slice(0, 50)) {
      out[this.redact(key)] = SENSITIVE_KEY.test(key) ? REDACTED : this.redactValue(item, depth + 1);
    }
    return out;
  }

  private truncate(text: string): string {
    return text.length <= BODY_EXCERPT_LIMIT ? text : `${text.slice(0, BODY_EXCERPT_LIMIT - 1)}…`;
  }
}
