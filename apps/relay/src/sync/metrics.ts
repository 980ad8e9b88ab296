// The sync status and counters in Prometheus text exposition format (version 0.0.4).
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

export interface SyncMetricsInput {
  state: SyncHealthState;
  pendingBills: number;
  lagSeconds: number;
  lastSuccessAt: string | null;
  deadLetters: number;
  confirmedLsn: number;
  confirmedDays: number;
  counters: SyncCounters;
}

const STATES: SyncHealthState[] = ['ok', 'retrying', 'circuit-open', 'disabled'];

export function formatSyncMetrics(input: SyncMetricsInput): string {
  const lines: string[] = [];
  const metric = (name: string, type: 'gauge' | 'counter', help: string, values: string[]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...values);
  };
  const c = input.counters;
  metric(
    'caja_sync_state',
    'gauge',
    'DynamoDB sync state: 1 for the current state, 0 for the others.',
    STATES.map((state) => `caja_sync_state{state="${state}"} ${state === input.state ? 1 : 0}`),
  );
  metric('caja_sync_pending_bills', 'gauge', 'Bills whose latest version is not yet in DynamoDB.', [
    `caja_sync_pending_bills ${input.pendingBills}`,
  ]);
  metric('caja_sync_lag_seconds', 'gauge', 'Age of the oldest bill not yet in DynamoDB.', [
    `caja_sync_lag_seconds ${input.lagSeconds}`,
  ]);
  metric(
    'caja_sync_last_success_timestamp_seconds',
    'gauge',
    'Unix time of the last sync run that drained everything (0: never).',
    [
      `caja_sync_last_success_timestamp_seconds ${input.lastSuccessAt ? Date.parse(input.lastSuccessAt) / 1000 : 0}`,
    ],
  );
  metric('caja_sync_dead_letters', 'gauge', 'Bill versions DynamoDB refused for good.', [
    `caja_sync_dead_letters ${input.deadLetters}`,
  ]);
  metric('caja_sync_confirmed_lsn', 'gauge', 'Journal LSN up to which DynamoDB is confirmed.', [
    `caja_sync_confirmed_lsn ${input.confirmedLsn}`,
  ]);
  metric('caja_sync_confirmed_days', 'gauge', 'Past days verified equal in DynamoDB.', [
    `caja_sync_confirmed_days ${input.confirmedDays}`,
  ]);
  metric('caja_sync_bills_total', 'counter', 'Bill writes by outcome.', [
    `caja_sync_bills_total{outcome="written"} ${c.billsWritten}`,
    `caja_sync_bills_total{outcome="already_current"} ${c.billsAlreadyCurrent}`,
    `caja_sync_bills_total{outcome="dead_letter"} ${c.billsDeadLettered}`,
  ]);
  metric('caja_sync_summaries_written_total', 'counter', 'SUMMARY items written.', [
    `caja_sync_summaries_written_total ${c.summariesWritten}`,
  ]);
  metric('caja_sync_days_checked_total', 'counter', 'Consistency checks of a day.', [
    `caja_sync_days_checked_total ${c.daysChecked}`,
  ]);
  metric('caja_sync_bills_requeued_total', 'counter', 'Bills requeued by the consistency check.', [
    `caja_sync_bills_requeued_total ${c.billsRequeued}`,
  ]);
  metric('caja_sync_runs_total', 'counter', 'Sync runs by result.', [
    `caja_sync_runs_total{result="ok"} ${c.runsSucceeded}`,
    `caja_sync_runs_total{result="failed"} ${c.runsFailed}`,
  ]);
  metric('caja_sync_retries_total', 'counter', 'DynamoDB requests retried after a failure.', [
    `caja_sync_retries_total ${c.retries}`,
  ]);
  return `${lines.join('\n')}\n`;
}
