// What the rest of the relay holds of the sync: createSync() in index.ts and SyncWorkerHost
// both give one. Its own file so the sync's parts can name it without importing index.ts.
import type { BillSyncState, SyncRunResult, SyncStatus } from './engine.js';
import type { DeadLetter } from './state-file.js';
import type { TargetKind } from './target.js';

export interface Sync {
  start(): Promise<void>;
  stop(): Promise<void>;
  syncNow(): Promise<SyncRunResult>;
  status(): SyncStatus;
  billSyncState(id: string): BillSyncState;
  isDayConfirmed(date: string): boolean;
  confirmedLsn(): number;
  deadLetters(): DeadLetter[];
  /** Bills the consistency check found missing or older in DynamoDB, awaiting a rewrite. */
  requeuedBills(): string[];
  metrics(): string;
  /** Where bills go; undefined before start() or when sync is disabled. */
  target(): { kind: TargetKind; endpoint: string | undefined } | undefined;
}
