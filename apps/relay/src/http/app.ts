// The Express app: security headers, metrics, public endpoints, then bearer auth and the API,
// then the till app. Everything it uses comes in through AppDeps; nothing here opens files or
// reads the clock by itself.
import express, { type Express, type RequestHandler, type Response, type Router } from 'express';
import helmet from 'helmet';
import type { Authenticator } from '../auth/authenticator.js';
import type { Logger } from '../logging/logger.js';
import type { RelayMetrics } from '../metrics/relay-metrics.js';
import type { BillIntakeService } from '../services/bill-intake.js';
import type { LiveUpdates } from '../services/live-updates.js';
import type { PairingService } from '../services/pairing-service.js';
import type { ShiftQueryService } from '../services/shift-queries.js';
import type { SyncPort } from '../services/sync-status.js';
import type { BillStore } from '../store/bill-store.js';
import { authenticate, requireAdmin, requireToken } from './auth.js';
import { errorBody, finalErrorHandler, routeOf, sendError } from './errors.js';
import { perTokenLimit } from './rate-limits.js';
import { billsRouter } from './routes/bills-routes.js';
import { eventStreams } from './routes/events-routes.js';
import { adminRouter, pairRouter } from './routes/pairing-routes.js';
import { shiftsRouter } from './routes/shifts-routes.js';
import {
  healthRouter,
  metricsRouter,
  syncRouter,
  type StorageHealth,
} from './routes/system-routes.js';
import { pwaRouter } from './static-pwa.js';

export interface AppDeps {
  store: BillStore;
  intake: BillIntakeService;
  shifts: ShiftQueryService;
  pairing: PairingService;
  authenticator: Authenticator;
  live: LiveUpdates;
  sync: SyncPort;
  metrics: RelayMetrics;
  logger: Logger;
  storageHealth: () => StorageHealth;
  /** Per token; 0 disables. */
  rateLimitPerMinute: number;
  /** Per client address on POST /api/v1/pair. */
  pairAttemptsPerMinute?: number;
  heartbeatMs?: number;
  /** Serving HTTPS: lets the CSP upgrade insecure requests. */
  tls: boolean;
  pwaDir?: string;
  caCertFile?: string;
  /** More authenticated routers (catalog, settings), given the auth middleware to use. */
  extraRouters?: (auth: { requireToken: RequestHandler; requireAdmin: RequestHandler }) => Router[];
}

export interface RelayApp {
  app: Express;
  /**
   * Shutdown: from now on every request gets 503 and every connection closes after its current
   * response, so keep-alive clients cannot hold the server open; live-update streams end.
   */
  beginShutdown(): void;
}

export function createApp(deps: AppDeps): RelayApp {
  const { authenticator, metrics, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const shutdown = shutdownGate();
  app.use(shutdown.gate);
  app.use(
    helmet({
      // HSTS would lock browsers out if the shop ever turns HTTPS off again on its LAN relay.
      strictTransportSecurity: false,
      contentSecurityPolicy: {
        directives: { upgradeInsecureRequests: deps.tls ? [] : null },
      },
    }),
  );
  app.use(observeRequests(metrics, logger));

  app.use(healthRouter(deps.sync, deps.storageHealth));
  app.use(metricsRouter(metrics, deps.sync.metricsText?.bind(deps.sync)));
  app.use(pairRouter(deps.pairing, deps.pairAttemptsPerMinute ?? 10));

  app.use('/api/v1', authenticate(authenticator), perTokenLimit(deps.rateLimitPerMinute));
  const admin = requireAdmin(authenticator);
  const streams = eventStreams(deps.live, deps.heartbeatMs);
  app.use(billsRouter(deps));
  app.use(shiftsRouter(deps.shifts));
  app.use(streams.router);
  app.use(adminRouter(deps.pairing, admin));
  app.use(syncRouter(deps.sync, admin));
  for (const router of deps.extraRouters?.({ requireToken, requireAdmin: admin }) ?? []) {
    app.use(router);
  }
  app.use('/api', (req, res) => {
    const path = req.originalUrl.split('?')[0]?.slice(0, 80) ?? '';
    sendError(
      res,
      404,
      errorBody('not_found', `No such endpoint: ${req.method} ${JSON.stringify(path)}`),
    );
  });

  app.use(pwaRouter(deps.pwaDir, deps.caCertFile));
  app.use(finalErrorHandler(logger));
  return {
    app,
    beginShutdown: () => {
      shutdown.begin();
      streams.closeAll();
    },
  };
}

function shutdownGate(): { gate: RequestHandler; begin(): void } {
  let stopping = false;
  const inFlight = new Set<Response>();
  return {
    gate: (_req, res, next) => {
      if (stopping) {
        res.set('Connection', 'close');
        sendError(
          res,
          503,
          errorBody('shutting_down', 'The relay is stopping; retry in a few seconds'),
        );
        return;
      }
      inFlight.add(res);
      res.on('close', () => inFlight.delete(res));
      next();
    },
    begin: () => {
      stopping = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    },
  };
}

/** Counts and times every request; logs the rejected ones (4xx) with their code, one line each. */
function observeRequests(metrics: RelayMetrics, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = req.route ? routeOf(req) : req.path.startsWith('/api') ? 'unmatched' : 'static';
      const status = res.statusCode;
      metrics.requests.inc({ method: req.method, route, status: String(status) });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.requestSeconds.observe({ method: req.method, route }, seconds);
      if (status >= 400 && status < 500) {
        logger.info('request rejected', {
          method: req.method,
          route,
          status,
          code: res.locals.errorCode as string | undefined,
        });
      }
    });
    next();
  };
}
