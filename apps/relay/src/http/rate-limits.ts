// Two limits, both express-rate-limit answering in the API's error shape: per token on the API
// (a runaway till cannot starve the others) and per client address on pairing (against guessing
// codes). Both send the IETF draft-7 RateLimit headers, and Retry-After on a refusal.
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { principalOf } from './auth.js';
import { errorBody, sendError } from './errors.js';

const MINUTE_MS = 60_000;

/** RATE_LIMIT_PER_MINUTE per token, after authenticate(); 0 turns it off (benchmarks, load tests). */
export function perTokenLimit(perMinute: number): RequestHandler {
  if (perMinute <= 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: MINUTE_MS,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Runs after authenticate(): every request here has a principal.
    keyGenerator: (_req, res) => principalOf(res)?.rateKey ?? 'anonymous',
    handler: (_req, res) =>
      sendError(
        res,
        429,
        errorBody(
          'rate_limited',
          `More than ${perMinute} requests in a minute with this token; wait and retry (see Retry-After)`,
        ),
      ),
  });
}

/** Attempts per minute per client address on POST /api/v1/pair and the owner's sign-in. */
export function pairingLimit(
  perMinute: number,
  message = 'Too many pairing attempts from this device; wait a minute',
): RequestHandler {
  return rateLimit({
    windowMs: MINUTE_MS,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => sendError(res, 429, errorBody('rate_limited', message)),
  });
}
