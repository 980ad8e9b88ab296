// Counts and times every request; logs the rejected ones (4xx) with their code, one line each.
// The Express app and the bill-write fast path both report through recordRequest().
import type { RequestHandler } from 'express';
import type { Logger } from '../logging/logger.js';
import type { RelayMetrics } from '../metrics/relay-metrics.js';
import { routeOf } from './errors.js';

export function recordRequest(
  metrics: RelayMetrics,
  logger: Logger,
  answered: { method: string; route: string; status: number; started: bigint; code?: string },
): void {
  const { method, route, status } = answered;
  metrics.requests.inc({ method, route, status: String(status) });
  const seconds = Number(process.hrtime.bigint() - answered.started) / 1e9;
  metrics.requestSeconds.observe({ method, route }, seconds);
  if (status >= 400 && status < 500) {
    logger.info('request rejected', { method, route, status, code: answered.code });
  }
}

export function observeRequests(metrics: RelayMetrics, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // originalUrl: under app.use('/api/v1', ...) req.path has lost its mount point.
      const apiCall = req.originalUrl.startsWith('/api');
      const route = req.route ? routeOf(req) : apiCall ? 'unmatched' : 'static';
      recordRequest(metrics, logger, {
        method: req.method,
        route,
        status: res.statusCode,
        started,
        code: res.locals.errorCode as string | undefined,
      });
    });
    next();
  };
}
