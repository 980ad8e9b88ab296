// The Express app: security headers, metrics, bill writes, public endpoints, then bearer auth and
// the rest of the API, then the till app. Everything it uses comes in through AppDeps; nothing
// here opens files or reads the clock by itself.
import express, { type Express, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import type { Authenticator } from '../auth/authenticator.js';
import type { OwnerSessions } from '../auth/owner-sessions.js';
import type { LedgerService } from '../ledger/ledger-service.js';
import type { Logger } from '../logging/logger.js';
import type { RelayMetrics } from '../metrics/relay-metrics.js';
import type { BillIntakeService } from '../services/bill-intake.js';
import type { LiveUpdates } from '../services/live-updates.js';
import type { PairingService } from '../services/pairing-service.js';
import type { ShiftQueryService } from '../services/shift-queries.js';
import type { Sync } from '../sync/index.js';
import type { BillStore, StorageHealth } from '../storage/index.js';
import { authenticate, requireAdmin, requireToken } from './auth.js';
import { errorBody, finalErrorHandler, sendError } from './errors.js';
import { perTokenLimit } from './rate-limits.js';
import { observeRequests } from './request-metrics.js';
import { billsRouter } from './routes/bills-routes.js';
import { ledgerRouter } from './routes/ledger-routes.js';
import { eventStreams } from './routes/events-routes.js';
import { ownerSignInRouter, ownerSignOutRouter } from './routes/owner-routes.js';
import { adminRouter, pairRouter } from './routes/pairing-routes.js';
import { shiftsRouter } from './routes/shifts-routes.js';
import {
  healthRouter,
  metricsRouter,
  openApiRouter,
  syncRouter,
  type ExportsPort,
} from './routes/system-routes.js';
import { ShutdownGate } from './shutdown-gate.js';
import { pwaRouter } from './static-pwa.js';

export interface AppDeps {
  store: BillStore;
  intake: BillIntakeService;
  shifts: ShiftQueryService;
  pairing: PairingService;
  authenticator: Authenticator;
  /** Cash moves, day close, exceptions, reports, tills' reports. */
  ledger: LedgerService;
  /** The back office's sign-in (owner sessions). */
  ownerSessions: OwnerSessions;
  live: LiveUpdates;
  sync: Sync;
  metrics: RelayMetrics;
  logger: Logger;
  storageHealth: () => StorageHealth;
  /** S3 exports, when configured: in health and /metrics. */
  exports?: ExportsPort;
  /** Per token; 0 disables. */
  rateLimitPerMinute: number;
  /** Per client address on POST /api/v1/pair. */
  pairAttemptsPerMinute?: number;
  heartbeatMs?: number;
  /** Live-update streams per token and in all (STREAM_LIMITS by default). */
  streamLimits?: { perToken: number; total: number };
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
  const gate = new ShutdownGate();
  app.use(gate.middleware);
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

  // Bearer auth, then the token's budget: both before any body is read.
  const apiAuth = [authenticate(authenticator), perTokenLimit(deps.rateLimitPerMinute)];
  // Bill writes first: the hottest routes pass no other router, and each does only
  // auth -> limit -> its own body parser -> intake.
  app.use(billsRouter(deps, apiAuth));
  app.use(
    healthRouter(
      deps.sync,
      deps.storageHealth,
      authenticator,
      () => deps.ledger.health(),
      deps.exports,
    ),
  );
  app.use(openApiRouter());
  app.use(metricsRouter(metrics));
  app.use(pairRouter(deps.pairing, deps.pairAttemptsPerMinute ?? 10));
  app.use(ownerSignInRouter(deps.ownerSessions, deps.pairAttemptsPerMinute ?? 10));

  app.use('/api/v1', ...apiAuth);
  const admin = requireAdmin(authenticator);
  const streams = eventStreams(deps.live, deps.heartbeatMs, deps.streamLimits);
  deps.pairing.onRevoked((tillId) => streams.closeTill(tillId));
  app.use(shiftsRouter(deps.shifts));
  app.use(streams.router);
  app.use(adminRouter(deps.pairing, admin));
  app.use(ownerSignOutRouter(deps.ownerSessions, admin));
  app.use(syncRouter(deps.sync, admin, deps.shifts));
  app.use(ledgerRouter(deps.ledger, admin));
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
      gate.begin();
      streams.closeAll();
    },
  };
}
