// Two limits: per token on the API (a runaway till cannot starve the others), and per client
// address on pairing (against guessing codes). Both answer in the API's error shape. The pairing
// limit keeps express-rate-limit: it is off the hot path.
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { principalOf } from './auth.js';
import { errorBody, sendError, type ErrorBody } from './errors.js';
import { TokenRateLimiter } from './token-rate-limiter.js';

const MINUTE_MS = 60_000;

/** The per-token limiter for RATE_LIMIT_PER_MINUTE; undefined when 0 (benchmarks, load tests). */
export function tokenLimiter(perMinute: number, nowMs?: () => number) {
  return perMinute > 0 ? new TokenRateLimiter(perMinute, MINUTE_MS, nowMs) : undefined;
}

export function rateLimitedBody(limit: number): ErrorBody {
  return errorBody(
    'rate_limited',
    `More than ${limit} requests in a minute with this token; wait and retry (see Retry-After)`,
  );
}

/** Express side of the per-token budget; the bill-write fast path takes from the same limiter. */
export function perTokenLimit(limiter: TokenRateLimiter | undefined): RequestHandler {
  if (limiter === undefined) return (_req, _res, next) => next();
  return (_req, res, next) => {
    // Runs after authenticate(): every request here has a principal.
    const decision = limiter.take(principalOf(res)?.rateKey ?? 'anonymous');
    const headers = limiter.headers(decision);
    for (let i = 0; i < headers.length; i += 2) res.setHeader(headers[i]!, headers[i + 1]!);
    if (decision.allowed) return next();
    sendError(res, 429, rateLimitedBody(decision.limit));
  };
}

/** Attempts per minute per client address on POST /api/v1/pair. */
export function pairingLimit(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: MINUTE_MS,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) =>
      sendError(
        res,
        429,
        errorBody('rate_limited', 'Too many pairing attempts from this device; wait a minute'),
      ),
  });
}
