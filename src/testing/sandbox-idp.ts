import type { ServerResponse } from 'node:http';
import { readBody, type SandboxRequest, sendJson } from './sandbox-http.js';
import type { SandboxTokens } from './sandbox-tokens.js';

export interface SandboxCredentials {
  clientId: string;
  clientSecret: string;
}

const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

function oauthError(res: ServerResponse, status: number, error: string, description: string, headers: Record<string, string> = {}): number {
  sendJson(res, status, { error, error_description: description }, { ...NO_STORE, ...headers });
  return status;
}

/** Client credentials from HTTP Basic (RFC 6749 §2.3.1: each part form-encoded), or `undefined`. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined | 'malformed' {
  if (!header?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return 'malformed';
  try {
    const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));
    return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
  } catch {
    return 'malformed';
  }
}

/** `POST /oauth2/token`, as Cognito answers the client-credentials grant. Returns the status sent. */
export async function handleTokenRequest(
  req: SandboxRequest,
  res: ServerResponse,
  credentials: SandboxCredentials,
  tokens: SandboxTokens,
): Promise<number> {
  if (req.method !== 'POST') return oauthError(res, 405, 'invalid_request', 'The token endpoint accepts POST only', { Allow: 'POST' });
  const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (contentType !== 'application/x-www-form-urlencoded') {
    return oauthError(res, 415, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
  }
  const form = new URLSearchParams(await readBody(req));
  const grantType = form.get('grant_type');
  if (!grantType) return oauthError(res, 400, 'invalid_request', 'grant_type is required');
  if (grantType !== 'client_credentials') return oauthError(res, 400, 'unsupported_grant_type', `grant_type ${grantType} is not supported`);

  const basic = basicCredentials(req.headers.authorization);
  if (basic === 'malformed') return oauthError(res, 400, 'invalid_request', 'Malformed Basic credentials');
  const formId = form.get('client_id');
  const formSecret = form.get('client_secret');
  if (basic && formSecret !== null) return oauthError(res, 400, 'invalid_request', 'Use one client authentication method, not two');
  const id = basic?.id ?? formId;
  const secret = basic?.secret ?? formSecret;
  if (!id || !secret) {
    return oauthError(res, 401, 'invalid_client', 'Client authentication is required', { 'WWW-Authenticate': 'Basic realm="token"' });
  }
  if (id !== credentials.clientId || secret !== credentials.clientSecret) {
    return oauthError(res, 401, 'invalid_client', 'Client authentication failed', { 'WWW-Authenticate': 'Basic realm="token"' });
  }

  const { token, expiresIn } = tokens.issue();
  sendJson(res, 200, { access_token: token, expires_in: expiresIn, token_type: 'Bearer' }, NO_STORE);
  return 200;
}
