// The sync's figures as metrics. The sync runs in a worker thread; its latest report (plain
// numbers) is read by these collect() callbacks when /metrics is scraped.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { SyncHealthState } from '../sync/health.js';
import type { SyncFigures } from '../sync/metrics.js';
import { stateGauge } from './state-gauge.js';

const STATES: SyncHealthState[] = ['ok', 'retrying', 'circuit-open', 'disabled'];

export function registerSyncMetrics(registry: Registry, read: () => SyncFigures): void {
  const registers = [registry];
  const value = (name: string, help: string, pick: (figures: SyncFigures) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(pick(read()));
      },
    });
  stateGauge(
    registry,
    'caja_sync_state',
    'DynamoDB sync state: 1 for the current state, 0 for the others.',
    STATES,
    () => read().state,
  );
  value(
    'caja_sync_pending_bills',
    'Bills whose latest version is not yet in DynamoDB.',
    (f) => f.pendingBills,
  );
  value(
    'caja_sync_lag_seconds',
    'Age of the oldest bill not yet in DynamoDB.',
    (f) => f.lagSeconds,
  );
  value(
    'caja_sync_last_success_timestamp_seconds',
    'Unix time of the last sync run that drained everything (0: never).',
    (f) => (f.lastSuccessAt ? Date.parse(f.lastSuccessAt) / 1000 : 0),
  );
  value('caja_sync_dead_letters', 'Bill versions DynamoDB refused for good.', (f) => f.deadLetters);
  value(
    'caja_sync_confirmed_lsn',
    'Journal LSN up to which DynamoDB is confirmed.',
    (f) => f.confirmedLsn,
  );
  value(
    'caja_sync_confirmed_days',
    'Past days verified equal in DynamoDB.',
    (f) => f.confirmedDays,
  );

  // Totals kept by the worker: each scrape sets the counter to the worker's figure.
  const total = <L extends string>(
    name: string,
    help: string,
    series: (figures: SyncFigures) => [Partial<Record<L, string>>, number][],
    labelNames: readonly L[] = [],
  ) =>
    new Counter<L>({
      name,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        for (const [labels, count] of series(read())) this.inc(labels, count);
      },
    });
  total(
    'caja_sync_bills_total',
    'Bill writes by outcome.',
    ({ counters: c }) => [
      [{ outcome: 'written' }, c.billsWritten],
      [{ outcome: 'already_current' }, c.billsAlreadyCurrent],
      [{ outcome: 'dead_letter' }, c.billsDeadLettered],
    ],
    ['outcome'],
  );
  total('caja_sync_summaries_written_total', 'SUMMARY items written.', (f) => [
    [{}, f.counters.summariesWritten],
  ]);
  total('caja_sync_days_checked_total', 'Consistency checks of a day.', (f) => [
    [{}, f.counters.daysChecked],
  ]);
  total('caja_sync_bills_requeued_total', 'Bills requeued by the consistency check.', (f) => [
    [{}, f.counters.billsRequeued],
  ]);
  total(
    'caja_sync_runs_total',
    'Sync runs by result.',
    ({ counters: c }) => [
      [{ result: 'ok' }, c.runsSucceeded],
      [{ result: 'failed' }, c.runsFailed],
    ],
    ['result'],
  );
  total('caja_sync_retries_total', 'DynamoDB requests retried after a failure.', (f) => [
    [{}, f.counters.retries],
  ]);
}
