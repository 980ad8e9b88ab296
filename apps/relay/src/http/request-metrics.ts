// Counts and times every request; logs the rejected ones (4xx) with their code, one line each.
import type { RequestHandler } from 'express';
import type { Logger } from '../logging/logger.js';
import type { RelayMetrics } from '../metrics/relay-metrics.js';
import { routeOf } from './errors.js';

export function observeRequests(metrics: RelayMetrics, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const { method } = req;
      const status = res.statusCode;
      // originalUrl: under app.use('/api/v1', ...) req.path has lost its mount point.
      const apiCall = req.originalUrl.startsWith('/api');
      const route = req.route ? routeOf(req) : apiCall ? 'unmatched' : 'static';
      metrics.requests.inc({ method, route, status: String(status) });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.requestSeconds.observe({ method, route }, seconds);
      if (status >= 400 && status < 500) {
        const code = res.locals.errorCode as string | undefined;
        logger.info('request rejected', { method, route, status, code });
      }
    });
    next();
  };
}
