// Public face of the DynamoDB sync: one interface, Sync (sync.ts), three makers.
//
//   new SyncWorkerHost(settings, store, logger)  the relay: the sync in a worker thread, fed from
//                                                the journal (serve.ts)
//   createSync(options)                          in-process: the worker itself, and tests
//   disabledSync(billCount)                      TIME_TO_SYNC=0 and route tests
//
// serve.ts: sync.start() after listening (never throws for DynamoDB trouble), buildRelay({ sync })
// for health, GET /bills/{id}, /metrics, POST /api/v1/sync and conflicts, scheduleLocalCleanup,
// and on SIGTERM sync.stop() (bounded, ~2 s) before the store closes.
import { AlertLog, webhookAlerts, type FetchLike } from './alerts.js';
import type { SyncSettings } from '../config.js';
import { SyncEngine } from './engine.js';
import type { DrainPace } from './pacing.js';
import type { Logger } from '../logging/logger.js';
import type { JournalReader, SyncedStore } from './ports.js';
import type { Sync } from './sync.js';
import { DeferredTable, connectTarget, type ConnectedTarget } from './target.js';

export type { EmbeddedDynamo } from '../dynamo/embedded.js';
export { recoverFromDynamo, type RecoverOptions, type RecoverResult } from './recover.js';
export { dayDigest, summarizeDay, type DaySummary } from './digest.js';
export { SegmentJournalReader } from './storage-journal.js';
export { SyncWorkerHost } from './worker-host.js';
export { rebuildOnEmpty, type RebuildResult } from './rebuild-on-empty.js';
export { scheduleLocalCleanup } from './local-cleanup.js';
export { disabledSync } from './disabled.js';
export type { BillSyncState, SyncRunResult, SyncStatus } from './engine.js';
export type { JournalReader, JournalRecord, SyncedStore } from './ports.js';
export type { Conflict, DeadLetter } from './state-file.js';
export type { ResolveOutcome, Sync } from './sync.js';

export interface CreateSyncOptions extends Omit<SyncSettings, 'env'> {
  /** The bill store (current versions, days, change notifications). */
  store: SyncedStore;
  /** The journal, read from the sync cursor onwards. */
  journal: JournalReader;
  dataDir: string;
  /** IANA zone of the business day: the store's STORE_TIMEZONE. */
  timeZone: string;
  logger: Logger;
  /** Where AWS credentials may be found; process.env by default. */
  env?: SyncSettings['env'];
  now?: () => Date;
  random?: () => number;
  fetch?: FetchLike;
  /** Delay of the first run after start(); default 0 (drain what waited during a restart). */
  firstRunDelayMs?: number;
  /** Gives way to bill intake between batches (the worker's); full speed when absent. */
  pace?: DrainPace;
}

export function createSync(options: CreateSyncOptions): Sync {
  const now = options.now ?? (() => new Date());
  const table = new DeferredTable();
  const alerts = new AlertLog(
    webhookAlerts(options.alertWebhookUrl, options.logger, options.fetch),
  );
  const engine = new SyncEngine({
    store: options.store,
    journal: options.journal,
    table,
    dataDir: options.dataDir,
    storeId: options.storeId,
    timeZone: options.timeZone,
    intervalMs: options.timeToSyncSeconds * 1000,
    batchSize: options.batchSize,
    concurrency: options.concurrency,
    checkIntervalMs: options.checkIntervalSeconds * 1000,
    retry: options.retry,
    breaker: options.breaker,
    alerts,
    logger: options.logger,
    now,
    ...(options.random ? { random: options.random } : {}),
    ...(options.firstRunDelayMs !== undefined ? { firstRunDelayMs: options.firstRunDelayMs } : {}),
    ...(options.pace ? { pace: options.pace } : {}),
  });
  let connected: ConnectedTarget | undefined;

  return {
    async start() {
      if (!engine.disabled) {
        try {
          connected = await connectTarget({
            dataDir: options.dataDir,
            storeId: options.storeId,
            tableName: options.tableName,
            endpoint: options.endpoint,
            region: options.region,
            env: options.env ?? process.env,
            requestTimeoutMs: options.requestTimeoutMs,
            logger: options.logger,
          });
          table.target = connected.table;
        } catch (error) {
          // Bills keep flowing into the local store; sync reports the problem in its health.
          table.reason = `DynamoDB target could not start: ${(error as Error).message}`;
          options.logger.error(table.reason);
        }
      }
      await engine.start();
    },
    async stop() {
      await engine.stop();
      await connected?.close();
      connected = undefined;
    },
    syncNow: () => engine.syncNow(),
    status: () => engine.status(),
    billSyncState: (id) => engine.billSyncState(id),
    isDayConfirmed: (date) => engine.isDayConfirmed(date),
    confirmedLsn: () => engine.confirmedLsn(),
    deadLetters: () => engine.deadLetters(),
    conflicts: () => engine.conflicts(),
    resolveConflict: (id) => engine.resolveConflict(id),
    requeuedBills: () => engine.requeuedBills(),
    metrics: () => engine.metrics(),
    recentAlerts: () => alerts.recent(),
    target: () => (connected ? { kind: connected.kind, endpoint: connected.endpoint } : undefined),
  };
}
