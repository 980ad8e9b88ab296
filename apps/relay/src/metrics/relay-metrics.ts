// The relay's metrics, by name, in one prom-client registry: the HTTP layer's counters and
// histogram, gauges read at scrape time (live-update streams, storage, memory, event-loop
// delay), and the figures of the sync worker and the S3 exports, which reach this thread as
// plain numbers (the worker's reports) and are read by collect() callbacks when scraped.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ExportFigures } from '../exports/exporter.js';
import type { SyncFigures } from '../sync/metrics.js';
import { registerExportMetrics } from './export-metrics.js';
import { registerSyncMetrics } from './sync-metrics.js';

export interface RelayMetricSources {
  /** Live-update streams open now. */
  eventStreams: () => number;
  /** Storage gauges the store offers (journal size, records since snapshot, ...). */
  storage?: () => Record<string, number>;
  /** The sync's latest figures (from its worker's last report). */
  sync?: () => SyncFigures;
  /** S3 exports, when configured. */
  exports?: () => ExportFigures;
}

export interface RelayMetrics {
  registry: Registry;
  /** outcome: created | updated | duplicate | conflict | rejected */
  bills: Counter<'outcome'>;
  /** method, route (the pattern, never the raw path), status */
  requests: Counter<'method' | 'route' | 'status'>;
  requestSeconds: Histogram<'method' | 'route'>;
}

export function createRelayMetrics(sources: RelayMetricSources): RelayMetrics {
  const registry = new Registry();
  const registers = [registry];
  const bills = new Counter({
    name: 'caja_bills_total',
    help: 'Bills received, by outcome (created, updated, duplicate, conflict, rejected).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const requests = new Counter({
    name: 'caja_http_requests_total',
    help: 'HTTP requests answered.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const requestSeconds = new Histogram({
    name: 'caja_http_request_duration_seconds',
    help: 'Time from request to response, in seconds.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  gauge(registry, 'caja_event_streams', 'Open live-update streams.', sources.eventStreams);
  if (sources.storage) registerStorageGauges(registry, sources.storage);
  registerEventLoopDelay(registry);
  gauge(
    registry,
    'caja_process_resident_memory_bytes',
    'Resident memory.',
    () => process.memoryUsage().rss,
  );
  if (sources.sync) registerSyncMetrics(registry, sources.sync);
  if (sources.exports) registerExportMetrics(registry, sources.exports);
  return { registry, bills, requests, requestSeconds };
}

/** A gauge whose value is read when scraped; a failing source reads NaN (unknown), not a failed scrape. */
function gauge(registry: Registry, name: string, help: string, read: () => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(readSafely(read) ?? NaN);
    },
  });
}

function readSafely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined; // a failing source must not break the whole scrape
  }
}

/**
 * One gauge per storage figure (`caja_storage_<key>`): Prometheus prefers names to a "name"
 * label. The keys are the store's, read once here; each scrape reads their values.
 */
function registerStorageGauges(registry: Registry, read: () => Record<string, number>): void {
  const keys = Object.keys(readSafely(read) ?? {});
  for (const key of keys) {
    gauge(
      registry,
      `caja_storage_${key.replace(/[^a-zA-Z0-9_]/g, '_')}`,
      `Storage engine: journal, snapshot, backups (${key}).`,
      () => read()[key] ?? NaN,
    );
  }
}

/**
 * How late the main thread's event loop (the one answering tills) runs its callbacks: the
 * quantiles of the delay since the previous scrape, in seconds. prom-client's default
 * `nodejs_eventloop_lag_*` reports the whole timer interval (10 ms on an idle loop); the
 * resolution is taken off each figure here, so an idle loop reads 0.
 */
function registerEventLoopDelay(registry: Registry): void {
  const resolutionMs = 5;
  const loopDelay = monitorEventLoopDelay({ resolution: resolutionMs });
  loopDelay.enable();
  const seconds = (ns: number) =>
    Number.isFinite(ns) ? Math.round(Math.max(0, ns / 1e3 - resolutionMs * 1e3)) / 1e6 : 0;
  new Gauge({
    name: 'caja_event_loop_delay_seconds',
    help: "Event-loop delay of the relay's main thread since the previous scrape (p50, p99, max).",
    labelNames: ['quantile'] as const,
    registers: [registry],
    collect() {
      this.set({ quantile: '0.5' }, seconds(loopDelay.percentile(50)));
      this.set({ quantile: '0.99' }, seconds(loopDelay.percentile(99)));
      this.set({ quantile: '1' }, seconds(loopDelay.max));
      loopDelay.reset();
    },
  });
}
