// The API's error shape, `{error: {code, message, field}}`, and the last-resort handler that
// turns anything thrown into one of those: never an HTML page, a stack trace or a secret.
import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from '../logging/logger.js';

export interface ErrorBody {
  code: string;
  /** Written for a person: names the problem and, where possible, the fix. */
  message: string;
  /** The field at fault ("items[2].quantity"), or "" for the request as a whole. */
  field: string;
  [extra: string]: unknown;
}

export function sendError(
  res: Response,
  status: number,
  error: ErrorBody,
  extra: Record<string, unknown> = {},
): void {
  res.locals.errorCode = error.code;
  res.status(status).json({ error, ...extra });
}

export function errorBody(code: string, message: string, field = ''): ErrorBody {
  return { code, message, field };
}

export interface HttpishError {
  type?: string;
  status?: number;
  statusCode?: number;
  limit?: number;
  code?: string;
  name?: string;
  message?: string;
  stack?: string;
}

/** body-parser and express errors: the client's fault, with a precise message. */
function clientError(error: HttpishError): { status: number; body: ErrorBody } | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return {
        status: 400,
        body: errorBody(
          'malformed_json',
          `The request body is not valid JSON: ${String(error.message).slice(0, 120)}`,
        ),
      };
    case 'entity.too.large':
      return {
        status: 413,
        body: errorBody(
          'payload_too_large',
          `The request body is larger than the ${formatBytes(error.limit)} this endpoint accepts`,
        ),
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        status: 415,
        body: errorBody('unsupported_encoding', 'Send the body as UTF-8 JSON, uncompressed'),
      };
    case 'request.aborted':
    case 'request.size.invalid':
      return { status: 400, body: errorBody('incomplete_body', 'The request body was cut short') };
  }
  const status = error.status ?? error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    // Express's own 4xx, e.g. a URL with broken %-encoding.
    return { status, body: errorBody('bad_request', 'The request could not be read (bad URL?)') };
  }
  return undefined;
}

/** What a till waits before retrying a write the disk refused. */
export const STORAGE_RETRY_AFTER_SECONDS = 10;

/** errno codes of a disk that cannot take a write now: full, read-only, failing, out of files. */
const DISK_FAULTS = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EROFS', 'EIO', 'EMFILE', 'ENFILE']);

/**
 * Storage failures mean "not stored, try again": 503 with Retry-After tells the till to keep
 * the bill queued. A raw disk error that escaped the storage engine counts too, never a 500.
 */
function storageError(error: HttpishError): { status: number; body: ErrorBody } | undefined {
  if (error.name !== 'StorageError' && !DISK_FAULTS.has(error.code ?? '')) return undefined;
  return {
    status: 503,
    body: errorBody(
      'storage_unavailable',
      'The relay could not store this right now; nothing was acknowledged. Retry later.',
    ),
  };
}

/**
 * Anything thrown (or a body-reading failure) as the answer to send: the client's fault with a
 * precise message, storage trouble as 503, the rest as a bare 500. Logs the 5xx ones.
 */
function answerForError(
  rawError: unknown,
  logger: Logger,
  where: { method: string; route: string },
): { status: number; body: ErrorBody } {
  const error = (rawError ?? {}) as HttpishError;
  const known = clientError(error) ?? storageError(error);
  const answer = known ?? {
    status: 500,
    body: errorBody('internal_error', 'The relay hit an unexpected error; it has been logged.'),
  };
  if (answer.status >= 500) {
    // Name, message and where it was thrown: enough to find it, no stack, no request data.
    logger.error('request failed', {
      method: where.method,
      route: where.route,
      status: answer.status,
      error: `${error.name ?? 'Error'}: ${String(error.message ?? rawError).split('\n')[0]}`,
      code: error.code,
      at: error.stack?.split('\n')[1]?.trim(),
    });
  }
  return answer;
}

export function finalErrorHandler(logger: Logger): ErrorRequestHandler {
  return (rawError, req, res, next) => {
    if (res.headersSent) {
      next(rawError);
      return;
    }
    const answer = answerForError(rawError, logger, { method: req.method, route: routeOf(req) });
    if (answer.body.code === 'storage_unavailable') {
      res.set('Retry-After', String(STORAGE_RETRY_AFTER_SECONDS));
    }
    sendError(res, answer.status, answer.body);
  };
}

/** The route pattern ("/api/v1/bills/:id"), never the raw path, which may hold hostile text. */
export function routeOf(req: { baseUrl?: string; route?: { path?: unknown } }): string {
  const path = req.route?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : 'unmatched';
}

function formatBytes(limit: number | undefined): string {
  if (limit === undefined) return 'limit';
  return limit >= 1024 * 1024 ? `${limit / (1024 * 1024)} MB` : `${Math.round(limit / 1024)} KB`;
}

/** A path parameter as text (Express types allow lists for wildcard routes; ours have none). */
export function pathParam(params: Record<string, string | string[] | undefined>, name: string) {
  const value = params[name];
  return Array.isArray(value) ? value.join('/') : (value ?? '');
}
