// Health (no auth: monitoring and the e2e runner poll it), Prometheus metrics, sync-now and
// sync conflicts (admin).
import { Router, type RequestHandler } from 'express';
import type { Authenticator } from '../../auth/authenticator.js';
import type { StorageHealth } from '../../storage/index.js';
import type { ExportFigures } from '../../exports/exporter.js';
import type { LedgerHealth } from '../../ledger/ledger-service.js';
import type { RelayMetrics } from '../../metrics/relay-metrics.js';
import type { ShiftQueryService } from '../../services/shift-queries.js';
import { RECENT_ALERTS_KEPT } from '../../sync/alerts.js';
import type { Sync, SyncStatus } from '../../sync/index.js';
import { DISABLED_MESSAGE } from '../../sync/disabled.js';
import { errorBody, sendError } from '../errors.js';
import { openApiDocument } from '../openapi.js';

/** The S3 export's status (exports/exporter.ts), when S3_EXPORT_BUCKET is set. */
export interface ExportsPort {
  health(): { state: string; lastError: string | null };
  figures(): ExportFigures;
}

/** The sync part of GET /api/v1/health. */
export function syncHealth(status: SyncStatus) {
  const { state, pendingBills, lagSeconds, lastSuccessAt, lastError } = status;
  const { deadLetters, conflicts, otherWriter } = status;
  return {
    state,
    pendingBills,
    lagSeconds: pendingBills === 0 || state === 'disabled' ? null : lagSeconds,
    lastSuccessAt,
    lastError,
    /** Bill versions DynamoDB refused for good: they need a person. */
    deadLetters,
    /** Bills DynamoDB holds at the same version with other content: they need a person. */
    conflicts,
    /** Another relay writing this STORE_ID (its instance id), when seen. */
    otherWriter,
  };
}

/**
 * GET /api/v1/health. Without a token it says what is wrong as codes only (monitoring and the
 * tills poll it, and anyone on the shop's network can): no AWS error text, which can hold
 * account and table ARNs and the region, and no file paths. With ADMIN_TOKEN the details too.
 */
export function healthRouter(
  sync: Sync,
  storage: () => StorageHealth,
  authenticator: Authenticator,
  ledger: () => LedgerHealth,
  exportsPort?: ExportsPort,
): Router {
  const router = Router();
  router.get('/api/v1/health', (req, res) => {
    const syncStatus = syncHealth(sync.status());
    const storageHealth = storage();
    // A bill number missing 10 minutes, or a till holding bills an hour: money is somewhere
    // the relay cannot see.
    const ledgerHealth = ledger();
    const exportHealth = exportsPort?.health();
    // DynamoDB trouble degrades, never fails, the health: the shop keeps selling meanwhile.
    const degraded =
      storageHealth.state !== 'ok' ||
      syncStatus.state === 'retrying' ||
      syncStatus.state === 'circuit-open' ||
      syncStatus.deadLetters > 0 ||
      syncStatus.conflicts > 0 ||
      syncStatus.otherWriter !== null ||
      ledgerHealth.state !== 'ok' ||
      exportHealth?.state === 'retrying' ||
      exportHealth?.state === 'circuit-open';
    const caller = authenticator.authenticate(req.get('authorization'));
    const admin = caller.ok && caller.principal.kind === 'admin';
    res.set('Cache-Control', 'no-store');
    res.json({
      status: degraded ? 'degraded' : 'ok',
      storage: admin ? storageHealth : { ...storageHealth, detail: undefined },
      sync: admin ? syncStatus : { ...syncStatus, lastError: errorCode(syncStatus.lastError) },
      tills: ledgerHealth,
      ...(exportHealth && {
        exports: admin
          ? exportHealth
          : { ...exportHealth, lastError: errorCode(exportHealth.lastError) },
      }),
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

export function metricsRouter(metrics: RelayMetrics): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    const text = await metrics.registry.metrics();
    res.set('Content-Type', metrics.registry.contentType);
    res.set('Cache-Control', 'no-store');
    res.send(text);
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

/** Alerts a page lists at most; the sync keeps RECENT_ALERTS_KEPT. */
const ALERTS_DEFAULT_LIMIT = 20;

/**
 * POST /api/v1/sync, GET /api/v1/sync/conflicts, POST /api/v1/sync/conflicts/{id}/resolve,
 * GET /api/v1/alerts (newest first) and GET /api/v1/admin/money-places.
 */
export function syncRouter(
  sync: Sync,
  requireAdmin: RequestHandler,
  shifts: ShiftQueryService,
): Router {
  const router = Router();
  router.get('/api/v1/alerts', requireAdmin, (req, res) => {
    const raw = req.query.limit;
    const limit = raw === undefined ? ALERTS_DEFAULT_LIMIT : Number(raw);
    if (!Number.isInteger(limit) || limit < 1 || limit > RECENT_ALERTS_KEPT) {
      return sendError(
        res,
        400,
        errorBody(
          'invalid_limit',
          `limit must be a whole number from 1 to ${RECENT_ALERTS_KEPT} (alerts to list).`,
          'limit',
        ),
      );
    }
    res.set('Cache-Control', 'no-store');
    res.json({ alerts: sync.recentAlerts().slice(-limit).reverse() });
  });
  router.get('/api/v1/admin/money-places', requireAdmin, (req, res) => {
    const result = shifts.moneyPlaces(req.query.date, sync);
    if (!result.ok)
      return sendError(res, 400, errorBody(result.code, result.message, result.field));
    res.set('Cache-Control', 'no-store');
    res.json(result.value);
  });
  router.post('/api/v1/sync', requireAdmin, async (_req, res) => {
    if (sync.status().state === 'disabled') {
      // 501: this relay runs without sync; retrying will not help.
      return sendError(res, 501, errorBody('sync_not_configured', DISABLED_MESSAGE));
    }
    const result = await sync.syncNow();
    res.json({ kind: 'done', syncedBills: result.written + result.alreadyCurrent, result });
  });
  router.get('/api/v1/sync/conflicts', requireAdmin, (_req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json({ conflicts: sync.conflicts() });
  });
  router.post('/api/v1/sync/conflicts/:id/resolve', requireAdmin, async (req, res) => {
    const id = String(req.params.id);
    const outcome = await sync.resolveConflict(id);
    if (outcome === 'not-found')
      return sendError(
        res,
        404,
        errorBody('conflict_not_found', `No open sync conflict for bill ${id}.`, 'id'),
      );
    if (outcome === 'changed')
      return sendError(
        res,
        409,
        errorBody(
          'conflict_changed',
          `DynamoDB no longer holds the conflicting version of bill ${id}; the next sync run ` +
            'checks it again.',
          'id',
        ),
      );
    res.json({ id, resolved: true });
  });
  return router;
}
