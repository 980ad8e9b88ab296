// The sync engine's options and the shapes it answers with (status, run results).
import type { Sleep } from './backoff.js';
import type { AlertSender } from './alerts.js';
import type { DayTally } from './days.js';
import type { DrainTally } from './drain.js';
import type { DrainPace } from './pacing.js';
import type { SyncHealthState } from './health.js';
import type { Logger } from '../logging/logger.js';
import type { BillTable, JournalReader, SyncedStore } from './ports.js';
import type { BreakerSettings, RetrySettings } from './resilience.js';

export interface SyncEngineOptions {
  store: SyncedStore;
  journal: JournalReader;
  table: BillTable;
  dataDir: string;
  storeId: string;
  timeZone: string;
  /** Milliseconds between runs; 0 disables sync. */
  intervalMs: number;
  batchSize: number;
  concurrency: number;
  /** Gives way to bill intake between batches (the worker's IntakeAwarePace). */
  pace?: DrainPace;
  /** How often a confirmed past day is compared with its SUMMARY again. */
  checkIntervalMs: number;
  retry: RetrySettings;
  breaker: BreakerSettings;
  alerts: AlertSender;
  logger: Logger;
  now: () => Date;
  random?: () => number;
  sleep?: Sleep;
  /** How long stop() waits for a run in progress before giving up on it. */
  stopTimeoutMs?: number;
  /** Delay of the first run after start() (default 0: drain what waited during the restart). */
  firstRunDelayMs?: number;
}

export interface SyncStatus {
  state: SyncHealthState;
  pendingBills: number;
  lagSeconds: number;
  lastSuccessAt: string | null;
  lastError: string | null;
  deadLetters: number;
  /** Bills DynamoDB holds at the same version with other content. */
  conflicts: number;
  /** Another relay writing this STORE_ID, when seen (its instance id and where). */
  otherWriter: string | null;
  confirmedLsn: number;
}

export interface SyncRunResult extends DrainTally, DayTally {
  ok: boolean;
  startedAt: string;
  durationMs: number;
  confirmedLsn: number;
  pendingBills: number;
  error?: string;
}

/**
 * "pending": not yet confirmed in DynamoDB; "synced": confirmed; "dead-letter": DynamoDB refused
 * it for good; "conflict": DynamoDB holds this version with other content. The last two stay
 * safe locally and show in health and metrics.
 */
export type BillSyncState = 'pending' | 'synced' | 'dead-letter' | 'conflict';
