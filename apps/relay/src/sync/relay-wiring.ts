// Glue between the sync and the rest of the relay, so main.ts / serve.ts need only a few lines:
//
//   let sync: Sync | undefined;                       // before openStore:
//   openDurableBillStore({ ..., confirmedLsn: () => sync?.confirmedLsn() ?? 0 });
//   sync = createSync({ ...readSyncEnv(env), store, journal: new SegmentJournalReader(
//            config.dataDir, () => store.lsn), dataDir: config.dataDir, timeZone: config.timeZone,
//            logger });
//   await sync.start();
//   buildRelay({ ..., sync: syncPortFor(sync) });     // health, GET /bills/{id}, POST /sync
//   const stopCleanup = scheduleLocalCleanup({ store, sync, ... });
//   on SIGTERM: stopCleanup(); await sync.stop(); then close the store.
import { businessDay } from '@caja/models';
import type {
  BillSyncState as HttpBillSyncState,
  SyncHealth,
  SyncPort,
  SyncRunOutcome,
} from '../services/sync-status.js';
import type { CleanupResult } from '../storage/index.js';
import type { Sync } from './sync.js';
import type { SyncLogger } from './ports.js';

/** The HTTP layer's SyncPort (health, bill state, sync-now) over a running Sync. */
export function syncPortFor(sync: Sync): SyncPort {
  return {
    health(): SyncHealth {
      const { state, pendingBills, lagSeconds, lastSuccessAt, lastError, deadLetters } =
        sync.status();
      return {
        state,
        pendingBills,
        lagSeconds: pendingBills === 0 ? null : lagSeconds,
        lastSuccessAt,
        lastError,
        deadLetters,
      };
    },
    billState(id: string): HttpBillSyncState {
      return { state: sync.billSyncState(id), syncedAt: null };
    },
    async runNow(): Promise<SyncRunOutcome> {
      if (sync.status().state === 'disabled')
        return { kind: 'not_configured', message: 'DynamoDB sync is disabled (TIME_TO_SYNC=0).' };
      const result = await sync.syncNow();
      return { kind: 'done', syncedBills: result.written + result.alreadyCurrent };
    },
    metricsText: () => sync.metrics(),
  };
}

export interface CleanupTarget {
  cleanup(rules: {
    retentionDays: number;
    isDayConfirmed: (date: string) => boolean;
    today?: string;
  }): Promise<CleanupResult>;
}

/**
 * Every timeToCleanSeconds, drops local days older than retentionDays that the sync confirmed in
 * DynamoDB (the storage engine decides and journals the drop). Returns a function that stops it.
 */
export function scheduleLocalCleanup(options: {
  store: CleanupTarget;
  sync: Pick<Sync, 'isDayConfirmed'>;
  timeToCleanSeconds: number;
  retentionDays: number;
  timeZone: string;
  now: () => Date;
  logger: SyncLogger;
}): () => void {
  const { store, sync, retentionDays, timeZone, now, logger } = options;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    store
      .cleanup({
        retentionDays,
        today: businessDay(now(), timeZone),
        isDayConfirmed: (date) => sync.isDayConfirmed(date),
      })
      .then((result) => {
        if (result.keptUnconfirmed.length > 0)
          logger.info('cleanup kept days not yet confirmed in DynamoDB', {
            days: result.keptUnconfirmed.join(','),
          });
      })
      .catch((error: Error) => logger.error(`local cleanup failed: ${error.message}`))
      .finally(() => (running = false));
  }, options.timeToCleanSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
