// The S3 exports' figures as metrics, read from the exporter when /metrics is scraped.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ExportFigures, ExportState } from '../exports/exporter.js';
import { stateGauge } from './state-gauge.js';

const STATES: ExportState[] = ['ok', 'retrying', 'circuit-open', 'disabled'];

export function registerExportMetrics(registry: Registry, read: () => ExportFigures): void {
  const registers = [registry];
  stateGauge(
    registry,
    'caja_export_state',
    'S3 export state: 1 for the current state, 0 for the others.',
    STATES,
    () => read().state,
  );
  new Gauge({
    name: 'caja_export_pending_days',
    help: 'Days due for export not yet written.',
    registers,
    collect() {
      this.set(read().pendingDays);
    },
  });
  const total = (name: string, help: string, pick: (figures: ExportFigures) => number) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(pick(read()));
      },
    });
  total(
    'caja_export_days_total',
    'Day exports written (re-exports included).',
    (f) => f.daysExported,
  );
  total(
    'caja_export_failed_runs_total',
    'Export runs that stopped on an error.',
    (f) => f.runsFailed,
  );
  total('caja_export_retries_total', 'Object writes retried after a failure.', (f) => f.retries);
}
