// What the rest of the relay holds of the sync, one interface for all of it (serve.ts, the HTTP
// routes, cleanup). Its own file so the sync's parts can name it without importing index.ts.
import type { BillSyncState, SyncRunResult, SyncStatus } from './engine-types.js';
import type { RecentAlert } from '@caja/models';
import type { SyncFigures } from './metrics.js';
import type { Conflict, DeadLetter } from './state-file.js';
import type { TargetKind } from './target.js';

export type ResolveOutcome = 'resolved' | 'not-found' | 'changed';

/**
 * The DynamoDB sync, as the rest of the relay uses it (serve.ts, the HTTP routes, cleanup). In
 * the relay it runs in a worker thread (SyncWorkerHost); createSync() runs it in-process (tests,
 * the worker itself); disabledSync() stands in when TIME_TO_SYNC=0 or in route tests.
 */
export interface Sync {
  start(): Promise<void>;
  stop(): Promise<void>;
  syncNow(): Promise<SyncRunResult>;
  status(): SyncStatus;
  billSyncState(id: string): BillSyncState;
  isDayConfirmed(date: string): boolean;
  confirmedLsn(): number;
  deadLetters(): DeadLetter[];
  conflicts(): Conflict[];
  /** An admin keeps this relay's version; DynamoDB's other content stays on record. */
  resolveConflict(id: string): Promise<ResolveOutcome>;
  /** Bills the consistency check found missing or older in DynamoDB, awaiting a rewrite. */
  requeuedBills(): string[];
  /** The alerts sent since start, oldest first (at most RECENT_ALERTS_KEPT). */
  recentAlerts(): RecentAlert[];
  /** Status and running totals, exposed by /metrics. */
  metrics(): SyncFigures;
  /** A record other than a bill (a cash move, a Z) is durable in the journal: copy it soon. */
  journalGrew?(): void;
  /** Where bills go; undefined before start() or when sync is disabled. */
  target(): { kind: TargetKind; endpoint: string | undefined } | undefined;
}
