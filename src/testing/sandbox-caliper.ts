import type { ServerResponse } from 'node:http';
import { readBody, sendJson, type SandboxRequest } from './sandbox-http.js';

export const CALIPER_DATA_VERSION = 'http://purl.imsglobal.org/ctx/caliper/v1p2';
const EVENT_FIELDS = ['id', 'type', 'actor', 'action', 'object', 'eventTime'] as const;

export interface CaliperEnvelope {
  sensor: string;
  sendTime: string;
  dataVersion: string;
  data: Array<Record<string, unknown>>;
}

const isDateTime = (value: unknown) => typeof value === 'string' && !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value);

/** Every problem with a Caliper envelope, as `{ path, message }`; empty when it is valid. */
export function validateEnvelope(body: unknown): Array<{ path: string; message: string }> {
  const errors: Array<{ path: string; message: string }> = [];
  if (!body || typeof body !== 'object' || Array.isArray(body)) return [{ path: '', message: 'must be a JSON object' }];
  const envelope = body as Partial<CaliperEnvelope>;
  if (typeof envelope.sensor !== 'string' || !URL.canParse(envelope.sensor)) errors.push({ path: 'sensor', message: 'must be a URI' });
  if (!isDateTime(envelope.sendTime)) errors.push({ path: 'sendTime', message: 'must be an ISO 8601 date-time' });
  if (envelope.dataVersion !== CALIPER_DATA_VERSION) errors.push({ path: 'dataVersion', message: `must be ${CALIPER_DATA_VERSION}` });
  if (!Array.isArray(envelope.data) || envelope.data.length === 0) {
    errors.push({ path: 'data', message: 'must be an array with at least one event' });
    return errors;
  }
  envelope.data.forEach((event, index) => {
    if (!event || typeof event !== 'object') {
      errors.push({ path: `data[${index}]`, message: 'must be an object' });
      return;
    }
    for (const field of EVENT_FIELDS) {
      if (event[field] === undefined || event[field] === null || event[field] === '') errors.push({ path: `data[${index}].${field}`, message: 'is required' });
    }
    if (typeof event.id === 'string' && !/^urn:uuid:[0-9a-f-]{36}$/i.test(event.id)) errors.push({ path: `data[${index}].id`, message: 'must be a urn:uuid' });
    if (event.eventTime !== undefined && !isDateTime(event.eventTime)) errors.push({ path: `data[${index}].eventTime`, message: 'must be an ISO 8601 date-time' });
  });
  return errors;
}

/** `POST /caliper/event` keeps valid events; `POST /caliper/event/validate` only checks them. */
export async function handleCaliper(
  req: SandboxRequest,
  path: string,
  res: ServerResponse,
  accepted: CaliperEnvelope[],
): Promise<string> {
  if (req.method === 'POST' && (path === '/caliper/event' || path === '/caliper/event/validate')) {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      sendJson(res, 400, { status: 'error', message: 'The body is not valid JSON', errors: [] });
      return path;
    }
    const errors = validateEnvelope(body);
    if (errors.length > 0) {
      sendJson(res, 400, { status: 'error', message: 'Invalid Caliper envelope', errors });
      return path;
    }
    const envelope = body as CaliperEnvelope;
    if (path === '/caliper/event') {
      accepted.push(envelope);
      sendJson(res, 200, { status: 'success', message: `${envelope.data.length} event(s) received` });
    } else {
      sendJson(res, 200, { status: 'success', message: 'The envelope is valid' });
    }
    return path;
  }
  sendJson(res, 404, { status: 'error', message: `No route for ${req.method} ${path}` });
  return 'unmatched';
}
