// Webhook alerts: a JSON POST to ALERT_WEBHOOK_URL. Delivery is best effort with a short timeout;
// a failure is logged and never thrown, so an unreachable webhook cannot disturb syncing.
import type { RecentAlert } from '@caja/models';
import type { SyncError } from '../dynamo/errors.js';
import type { Logger } from '../logging/logger.js';

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ ok: boolean; status: number }>;

export interface AlertSender {
  send(payload: Record<string, unknown>): Promise<void>;
}

export function webhookAlerts(
  url: string | undefined,
  logger: Logger,
  fetchImpl: FetchLike = globalThis.fetch as unknown as FetchLike,
  timeoutMs = 5000,
): AlertSender {
  return {
    async send(payload) {
      if (!url) return;
      try {
        const response = await fetchImpl(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!response.ok)
          logger.warn(`Alert webhook answered ${response.status}`, { event: payload.event });
      } catch (error) {
        logger.warn(`Alert webhook could not be reached: ${(error as Error).message}`, {
          event: payload.event,
        });
      }
    },
  };
}

/** A bill DynamoDB refused for good: one error line and one alert per refused version. */
export function reportDeadLetter(
  context: { logger: Logger; alerts: AlertSender; storeId: string; now: () => Date },
  letter: { id: string; version: number; date: string; error: SyncError },
): void {
  const { id, version, date, error } = letter;
  context.logger.error(
    `DynamoDB refused bill ${id} version ${version} (${date}) for good: ${error.message}. It ` +
      'stays in the local store and in the dead-letter list; the day is not confirmed until a ' +
      'newer version syncs.',
    { id, version, date, code: error.code },
  );
  void context.alerts.send({
    event: 'sync.dead-letter',
    storeId: context.storeId,
    at: context.now().toISOString(),
    billId: id,
    version,
    date,
    error: error.describe(),
  });
}

/** DynamoDB holds other content at this bill's version: one error line and one alert. */
export function reportConflict(
  context: { logger: Logger; alerts: AlertSender; storeId: string; now: () => Date },
  conflict: { id: string; version: number; date: string },
): void {
  const { id, version, date } = conflict;
  context.logger.error(
    `DynamoDB holds bill ${id} version ${version} (${date}) with other content than this relay: ` +
      'another relay writes the same STORE_ID, or an old disk was restored. The bill is not ' +
      'called synced and its day is neither confirmed nor cleaned up. An admin resolves it with ' +
      'POST /api/v1/sync/conflicts/{id}/resolve (both versions stay on record).',
    { id, version, date },
  );
  void context.alerts.send({
    event: 'sync.conflict',
    storeId: context.storeId,
    at: context.now().toISOString(),
    billId: id,
    version,
    date,
  });
}

/** A SUMMARY this relay wrote was since written by another relay: two relays, one store. */
export function reportOtherWriter(
  context: { logger: Logger; alerts: AlertSender; storeId: string; now: () => Date },
  detail: { date: string; writerId: string; instanceId: string },
): void {
  context.logger.error(
    `Another relay (instance ${detail.writerId}) writes STORE_ID ${context.storeId} too: it ` +
      `rewrote the SUMMARY of ${detail.date} after this relay (instance ${detail.instanceId}). ` +
      'Give each relay its own STORE_ID.',
    detail,
  );
  void context.alerts.send({
    event: 'sync.other-writer',
    storeId: context.storeId,
    at: context.now().toISOString(),
    ...detail,
  });
}

/** Alerts kept for GET /api/v1/alerts: enough for a night's trouble, bounded in memory. */
export const RECENT_ALERTS_KEPT = 100;

/**
 * Keeps the last alerts it sends (newest last) besides passing them to `inner`, so the owner sees
 * them without a webhook. In memory: a restart starts an empty list, as the sync's state is
 * reported again from its files.
 */
export class AlertLog implements AlertSender {
  private readonly kept: RecentAlert[] = [];

  constructor(
    private readonly inner: AlertSender,
    private readonly limit = RECENT_ALERTS_KEPT,
  ) {}

  send(payload: Record<string, unknown>): Promise<void> {
    this.kept.push(describeAlert(payload));
    if (this.kept.length > this.limit) this.kept.splice(0, this.kept.length - this.limit);
    return this.inner.send(payload);
  }

  /** Oldest first, as sent. */
  recent(): RecentAlert[] {
    return [...this.kept];
  }
}

/** The alert payloads this folder sends, as a code and a sentence. */
export function describeAlert(payload: Record<string, unknown>): RecentAlert {
  const text = (key: string) => (typeof payload[key] === 'string' ? payload[key] : undefined);
  const at = text('at') ?? new Date(0).toISOString();
  const billId = text('billId');
  const date = text('date');
  const where = { ...(billId ? { billId } : {}), ...(date ? { date } : {}) };
  switch (payload.event) {
    case 'sync.state': {
      const state = text('state');
      const cause = text('lastError') ?? 'requests failing';
      if (state === 'ok')
        return { at, code: 'sync_recovered', message: 'DynamoDB sync recovered.', ...where };
      if (state === 'retrying')
        return {
          at,
          code: 'sync_retrying',
          message: `DynamoDB sync is retrying: ${cause}`,
          ...where,
        };
      return {
        at,
        code: 'sync_paused',
        message: `DynamoDB sync paused after repeated failures: ${cause}`,
        ...where,
      };
    }
    case 'sync.dead-letter':
      return {
        at,
        code: 'dead_letter',
        message: `DynamoDB refused bill ${billId ?? '?'} for good; it stays on the relay.`,
        ...where,
      };
    case 'sync.conflict':
      return {
        at,
        code: 'conflict',
        message: `DynamoDB holds other content for bill ${billId ?? '?'}; resolve the conflict.`,
        ...where,
      };
    case 'sync.other-writer':
      return {
        at,
        code: 'other_writer',
        message: 'Another relay writes this STORE_ID: give each relay its own.',
        ...where,
      };
    default:
      return {
        at,
        code: String(payload.event ?? 'alert'),
        message: String(payload.event),
        ...where,
      };
  }
}
