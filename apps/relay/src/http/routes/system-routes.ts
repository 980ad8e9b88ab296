// Health (no auth: monitoring and the e2e runner poll it), Prometheus metrics, and sync-now.
import { Router, type RequestHandler } from 'express';
import type { RelayMetrics } from '../../metrics/relay-metrics.js';
import type { SyncPort } from '../../services/sync-status.js';
import { errorBody, sendError } from '../errors.js';
import { openApiDocument } from '../openapi.js';

export interface StorageHealth {
  state: 'ok' | 'failed';
  [detail: string]: unknown;
}

export function healthRouter(sync: SyncPort, storage: () => StorageHealth): Router {
  const router = Router();
  router.get('/api/v1/health', (_req, res) => {
    const syncHealth = sync.health();
    const storageHealth = storage();
    // DynamoDB trouble degrades, never fails, the health: the shop keeps selling meanwhile.
    const degraded =
      storageHealth.state !== 'ok' ||
      syncHealth.state === 'retrying' ||
      syncHealth.state === 'circuit-open' ||
      syncHealth.deadLetters > 0;
    res.set('Cache-Control', 'no-store');
    res.json({ status: degraded ? 'degraded' : 'ok', storage: storageHealth, sync: syncHealth });
  });
  return router;
}

export function metricsRouter(metrics: RelayMetrics, extra?: () => string): Router {
  const router = Router();
  router.get('/metrics', (_req, res) => {
    res.set('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    res.set('Cache-Control', 'no-store');
    res.send(metrics.registry.render() + (extra?.() ?? ''));
  });
  return router;
}

/** GET /api/v1/openapi.json (no auth), generated on first request. */
export function openApiRouter(): Router {
  const router = Router();
  let document: object | undefined;
  router.get('/api/v1/openapi.json', (_req, res) => {
    document ??= openApiDocument();
    res.json(document);
  });
  return router;
}

/** POST /api/v1/sync (admin). */
export function syncRouter(sync: SyncPort, requireAdmin: RequestHandler): Router {
  const router = Router();
  router.post('/api/v1/sync', requireAdmin, async (_req, res) => {
    const outcome = await sync.runNow();
    if (outcome.kind === 'not_configured') {
      // 501: the relay does not (yet) implement sync; retrying will not help.
      return sendError(res, 501, errorBody('sync_not_configured', outcome.message));
    }
    res.json(outcome);
  });
  return router;
}
