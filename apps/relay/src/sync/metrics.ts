// The sync's figures for /metrics: its status and running totals. The worker sends them in
// its reports; metrics/sync-metrics.ts exposes them.
import type { SyncHealthState } from './health.js';

export interface SyncCounters {
  billsWritten: number;
  billsAlreadyCurrent: number;
  billsDeadLettered: number;
  summariesWritten: number;
  daysChecked: number;
  billsRequeued: number;
  runsSucceeded: number;
  runsFailed: number;
  retries: number;
}

export function zeroSyncCounters(): SyncCounters {
  return {
    billsWritten: 0,
    billsAlreadyCurrent: 0,
    billsDeadLettered: 0,
    summariesWritten: 0,
    daysChecked: 0,
    billsRequeued: 0,
    runsSucceeded: 0,
    runsFailed: 0,
    retries: 0,
  };
}

export interface SyncFigures {
  state: SyncHealthState;
  pendingBills: number;
  lagSeconds: number;
  lastSuccessAt: string | null;
  deadLetters: number;
  confirmedLsn: number;
  confirmedDays: number;
  counters: SyncCounters;
}
