// Health (no auth: monitoring and the e2e runner poll it), Prometheus metrics, and sync-now.
import { Router, type RequestHandler } from 'express';
import type { Authenticator } from '../../auth/authenticator.js';
import type { LedgerHealth } from '../../ledger/ledger-service.js';
import type { RelayMetrics } from '../../metrics/relay-metrics.js';
import type { SyncPort } from '../../services/sync-status.js';
import { errorBody, sendError } from '../errors.js';
import { openApiDocument } from '../openapi.js';

export interface StorageHealth {
  /** "degraded": the disk refuses writes now (bills get 503); "failed": restart needed. */
  state: 'ok' | 'degraded' | 'failed';
  /** A short code when not ok: disk_full, read_only, io_error, snapshot_failed... */
  reason?: string;
  /** The system's message behind `reason`: admins only (it may hold paths). */
  detail?: string;
  [more: string]: unknown;
}

/**
 * GET /api/v1/health. Without a token it says what is wrong as codes only (monitoring and the
 * tills poll it, and anyone on the shop's network can): no AWS error text, which can hold
 * account and table ARNs and the region, and no file paths. With ADMIN_TOKEN the details too.
 */
export function healthRouter(
  sync: SyncPort,
  storage: () => StorageHealth,
  authenticator: Authenticator,
  ledger: () => LedgerHealth,
): Router {
  const router = Router();
  router.get('/api/v1/health', (req, res) => {
    const syncHealth = sync.health();
    const storageHealth = storage();
    // A bill number missing 10 minutes, or a till holding bills an hour: money is somewhere
    // the relay cannot see.
    const ledgerHealth = ledger();
    // DynamoDB trouble degrades, never fails, the health: the shop keeps selling meanwhile.
    const degraded =
      storageHealth.state !== 'ok' ||
      syncHealth.state === 'retrying' ||
      syncHealth.state === 'circuit-open' ||
      syncHealth.deadLetters > 0 ||
      ledgerHealth.state !== 'ok';
    const caller = authenticator.authenticate(req.get('authorization'));
    const admin = caller.ok && caller.principal.kind === 'admin';
    res.set('Cache-Control', 'no-store');
    res.json({
      status: degraded ? 'degraded' : 'ok',
      storage: admin ? storageHealth : { ...storageHealth, detail: undefined },
      sync: admin ? syncHealth : { ...syncHealth, lastError: errorCode(syncHealth.lastError) },
      tills: ledgerHealth,
    });
  });
  return router;
}

/**
 * The code of an error text: its leading name ("ResourceNotFoundException: Requested resource
 * not found: arn:aws:…" gives "ResourceNotFoundException"), else a generic code.
 */
export function errorCode(text: string | null): string | null {
  if (text === null) return null;
  const name = /^([A-Za-z][A-Za-z0-9_.-]{0,63})(?::|$)/.exec(text)?.[1];
  return name ?? 'sync_error';
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
