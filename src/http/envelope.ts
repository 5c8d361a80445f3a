import type { AxiosResponse } from 'axios';
import { TimebackResponseError } from '../errors/timeback.errors.js';
import { responseDetails } from './error-mapping.js';
import type { Redactor } from './redaction.js';

/** `body[key]` of a successful answer, or a typed error that carries the status and a bounded body excerpt. */
export function unwrapEnvelope<T>(response: AxiosResponse, key: string, redactor: Redactor): T {
  const body: unknown = response.data;
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  if (value && typeof value === 'object') return value as T;
  const details = responseDetails(response.config, response, redactor);
  throw new TimebackResponseError(
    `${details.method} ${details.path} answered ${response.status} without the expected "${key}" object`,
    details,
  );
}
