// The sync when there is none: TIME_TO_SYNC=0, and route tests. Same answers as a running sync
// that has confirmed nothing: every bill pending, nothing to clean up.
import type { SyncRunResult, SyncStatus } from './engine-types.js';
import type { Sync } from './sync.js';
import { zeroSyncCounters } from './metrics.js';

export const DISABLED_MESSAGE =
  'DynamoDB sync is disabled (TIME_TO_SYNC=0). Every bill is kept safely in DATA_DIR and is ' +
  'uploaded once TIME_TO_SYNC is set above 0 and the relay restarted.';

/** The status of a sync that has confirmed nothing yet (or never will: `disabled`). */
export function unconfirmedStatus(state: SyncStatus['state'], pendingBills: number): SyncStatus {
  return {
    state,
    pendingBills,
    lagSeconds: 0,
    lastSuccessAt: null,
    lastError: null,
    deadLetters: 0,
    conflicts: 0,
    otherWriter: null,
    confirmedLsn: 0,
  };
}

/** `billCount` gives how many bills the store holds: all of them are unconfirmed. */
export function disabledSync(billCount: () => number): Sync {
  const status = () => unconfirmedStatus('disabled', billCount());
  return {
    start: async () => {},
    stop: async () => {},
    syncNow: async () => disabledRun(billCount()),
    status,
    billSyncState: () => 'pending',
    isDayConfirmed: () => false,
    confirmedLsn: () => 0,
    deadLetters: () => [],
    conflicts: () => [],
    resolveConflict: async () => 'not-found',
    requeuedBills: () => [],
    recentAlerts: () => [],
    metrics: () => ({ ...status(), confirmedDays: 0, counters: zeroSyncCounters() }),
    target: () => undefined,
  };
}

export function disabledRun(pendingBills: number): SyncRunResult {
  return failedRun({ pendingBills, confirmedLsn: 0 }, 'sync is disabled (TIME_TO_SYNC=0)');
}

/** A run that wrote nothing: the sync is off, or its worker could not run it. */
export function failedRun(
  at: { pendingBills: number; confirmedLsn: number },
  error: string,
): SyncRunResult {
  return {
    ok: false,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    confirmedLsn: at.confirmedLsn,
    pendingBills: at.pendingBills,
    written: 0,
    alreadyCurrent: 0,
    deadLettered: 0,
    conflicts: 0,
    summariesWritten: 0,
    daysChecked: 0,
    billsRequeued: 0,
    error,
  };
}
