// The one place the relay's bill store is created: serve.ts calls it, and so will any other
// command that needs the live store.
import type { RelayConfig } from '../config.js';
import type { Logger } from '../logging/logger.js';
import type { DurableBillStore } from './durable-bill-store.js';
import { openDurableBillStore } from './open-durable-store.js';
import type { BillStore } from './bill-store.js';
import type { ReadAhead } from './read-ahead.js';

/** The storage part of GET /api/v1/health. */
export interface StorageHealth {
  /** "degraded": the disk refuses writes now (bills get 503); "failed": restart needed. */
  state: 'ok' | 'degraded' | 'failed';
  /** A short code when not ok: disk_full, read_only, io_error, snapshot_failed... */
  reason?: string;
  /** The system's message behind `reason`: admins only (it may hold paths). */
  detail?: string;
  [more: string]: unknown;
}

export interface OpenedStore {
  /** Its background work (first snapshot, journal check) waits for durable.startMaintenance(). */
  store: BillStore;
  /** The same store, with what only the durable engine has (journal position, cleanup). */
  durable: DurableBillStore;
  /** For GET /api/v1/health (unauthenticated: no paths, no bill data). */
  health(): StorageHealth;
  /** For /metrics: numbers by name. */
  gauges(): Record<string, number>;
  billCount(): number;
}

export async function openStore(
  config: Pick<RelayConfig, 'dataDir' | 'timeZone' | 'storeId' | 'storage' | 'backups'>,
  logger: Logger,
  now: () => Date,
  /** Journal position confirmed in DynamoDB: segments are deleted only once covered by it. */
  confirmedLsn: () => number,
  /** Files read ahead since the process started (startReadAhead). */
  readAhead?: ReadAhead,
): Promise<OpenedStore> {
  const store = await openDurableBillStore({
    dataDir: config.dataDir,
    timeZone: config.timeZone,
    storeId: config.storeId,
    backupDirs: config.backups.dirs,
    backupIntervalSeconds: config.backups.intervalSeconds,
    backupKeep: config.backups.keep,
    hashChain: config.storage.hashChain,
    // Started by serve() once the relay listens.
    deferMaintenance: true,
    readAhead,
    now,
    logger,
    confirmedLsn,
  });
  return {
    store,
    durable: store,
    health: () => storageHealth(store),
    gauges: () => {
      const status = store.status();
      return {
        lsn: status.lsn,
        bills: status.bills,
        days: status.days,
        in_flight_bills: status.inFlight,
        journal_segments: status.journal.segments,
        journal_bytes: status.journal.bytes,
        snapshot_lsn: status.snapshot.lsn,
        records_since_snapshot: status.lsn - status.snapshot.lsn,
        backup_failures: status.backups.filter((backup) => backup.error !== undefined).length,
      };
    },
    billCount: () => store.status().bills,
  };
}

/** For GET /api/v1/health: state, a reason code when not ok, counts; no paths but in `detail`. */
export function storageHealth(store: DurableBillStore): StorageHealth {
  const status = store.status();
  const failed = status.journal.failed !== undefined;
  const fault = store.storageFault();
  const snapshotError = status.snapshot.error;
  // A refused write (full, read-only, EIO) degrades the relay until a write succeeds; a
  // failed snapshot too, as the journal then grows and backups fall behind.
  const state = failed ? 'failed' : fault || snapshotError ? 'degraded' : 'ok';
  const reason = fault?.reason ?? (snapshotError ? 'snapshot_failed' : undefined);
  return {
    state,
    ...(reason ? { reason, detail: fault?.detail ?? snapshotError } : {}),
    lsn: status.lsn,
    bills: status.bills,
    days: status.days,
    journal: { segments: status.journal.segments, bytes: status.journal.bytes },
    snapshot: {
      lsn: status.snapshot.lsn,
      writtenAt: status.snapshot.writtenAt ?? null,
      ok: status.snapshot.error === undefined,
    },
    backups: status.backups.map((backup) => ({
      lsn: backup.lsn,
      ok: backup.error === undefined,
    })),
  };
}
