import { type ArgumentsHost, Catch, HttpException, HttpStatus } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import {
  TimebackConflictError,
  TimebackError,
  TimebackNetworkError,
  TimebackNotFoundError,
  TimebackRateLimitError,
  TimebackValidationError,
} from './timeback.errors.js';

/**
 * Maps Timeback errors to answers for the app's own callers: a missing record
 * stays 404, a rejected request 400/422, a conflict 409, a rate limit 429;
 * a timeout becomes 504 and any other upstream failure 502. The upstream body
 * is never forwarded. Register with `APP_FILTER` or `app.useGlobalFilters()`.
 */
@Catch(TimebackError)
export class TimebackExceptionFilter extends BaseExceptionFilter {
  override catch(error: TimebackError, host: ArgumentsHost): void {
    super.catch(toHttpException(error), host);
  }
}

export function toHttpException(error: TimebackError): HttpException {
  const status = httpStatusFor(error);
  const body: Record<string, unknown> = {
    statusCode: status,
    error: error.name,
    message: status >= 500 ? 'The Timeback service could not complete the request' : error.imsx?.description ?? error.message,
  };
  if (error.requestId) body.requestId = error.requestId;
  if (error instanceof TimebackRateLimitError && error.retryAfterMs !== undefined) {
    body.retryAfterSeconds = Math.ceil(error.retryAfterMs / 1000);
  }
  return new HttpException(body, status, { cause: error });
}

function httpStatusFor(error: TimebackError): number {
  if (error instanceof TimebackNotFoundError) return HttpStatus.NOT_FOUND;
  if (error instanceof TimebackValidationError) return error.status === 422 ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.BAD_REQUEST;
  if (error instanceof TimebackConflictError) return HttpStatus.CONFLICT;
  if (error instanceof TimebackRateLimitError) return HttpStatus.TOO_MANY_REQUESTS;
  if (error instanceof TimebackNetworkError && error.code === 'ETIMEDOUT') return HttpStatus.GATEWAY_TIMEOUT;
  return HttpStatus.BAD_GATEWAY;
}
