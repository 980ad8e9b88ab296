// Messages between the relay's main thread (worker-host.ts) and the sync worker (worker-main.ts).
// Bills cross only once, at start-up (the state the worker starts from); after that the worker
// reads new records from the durable journal itself and the main thread sends only LSNs.
import type { SyncSettings } from '../config.js';
import type { LogLevel } from '../logging/logger.js';
import type { BillSyncState, SyncRunResult, SyncStatus } from './engine-types.js';
import type { RecentAlert } from '@caja/models';
import type { SyncFigures } from './metrics.js';
import type { ReplicaEntry } from './replica.js';
import type { ResolveOutcome } from './sync.js';
import type { Conflict, DeadLetter } from './state-file.js';
import type { TargetKind } from './target.js';

export interface WorkerSettings extends Omit<SyncSettings, 'endpoint'> {
  endpoint: string | undefined;
  dataDir: string;
  timeZone: string;
  firstRunDelayMs?: number;
}

export type ToWorker =
  | { type: 'load'; entries: ReplicaEntry[] }
  /** The start-up state is complete up to `lsn`: start syncing. */
  | { type: 'loaded'; lsn: number }
  /** The journal is durable up to `lsn`. */
  | { type: 'durable'; lsn: number }
  /** The main thread's event-loop utilisation (0..1) since its previous report. */
  | { type: 'intake'; utilization: number }
  | { type: 'sync-now'; id: number }
  | { type: 'resolve-conflict'; id: number; billId: string }
  | { type: 'stop' };

/** What the main thread needs to answer health, metrics, bill states and cleanup. */
export interface SyncReport {
  status: SyncStatus;
  /** The journal LSN the worker had read up to when it made this report. */
  asOfLsn: number;
  /** Confirmed, settled days, each with the replica's LSN when that was true. */
  confirmedDays: [date: string, asOfLsn: number][];
  deadLetters: DeadLetter[];
  conflicts: Conflict[];
  /** Bills the consistency check requeued (pending whatever their LSN). */
  requeued: string[];
  /** The alerts the worker sent, oldest first. */
  alerts: RecentAlert[];
  metrics: SyncFigures;
  target: { kind: TargetKind; endpoint: string | undefined } | undefined;
}

export type FromWorker =
  | {
      type: 'log';
      level: LogLevel;
      message: string;
      fields?: Record<string, unknown>;
    }
  | { type: 'started' }
  | { type: 'report'; report: SyncReport }
  | { type: 'ran'; id: number; result: SyncRunResult }
  | { type: 'resolved'; id: number; outcome: ResolveOutcome }
  | { type: 'stopped' };

export type { BillSyncState };
