import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type SandboxRequest = IncomingMessage & { requestId: string };

export const MAX_REQUEST_BODY_BYTES = 5 * 1024 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

export class RequestBodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BODY_BYTES) throw new RequestBodyTooLarge('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A listening `node:http` server whose `close()` also ends keep-alive and hung connections. */
export interface SandboxServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function listen(
  host: string,
  port: number,
  handler: (req: SandboxRequest, res: ServerResponse) => void | Promise<void>,
): Promise<SandboxServer> {
  const server = http.createServer((req, res) => {
    const request = Object.assign(req, { requestId: randomUUID() });
    res.setHeader('x-request-id', request.requestId);
    Promise.resolve(handler(request, res)).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: 'sandbox_error', message: (error as Error).message });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
