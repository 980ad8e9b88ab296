// The relay's metrics, by name. Gauges read their sources at scrape time.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { MetricsRegistry, type Counter, type Histogram } from './registry.js';

export interface RelayMetricSources {
  /** Live-update streams open now. */
  eventStreams: () => number;
  /** Storage gauges the store offers (journal size, records since snapshot, ...). */
  storage?: () => Record<string, number>;
}

export interface RelayMetrics {
  registry: MetricsRegistry;
  /** outcome: created | updated | duplicate | conflict | rejected */
  bills: Counter;
  /** method, route (the pattern, never the raw path), status */
  requests: Counter;
  requestSeconds: Histogram;
}

export function createRelayMetrics(sources: RelayMetricSources): RelayMetrics {
  const registry = new MetricsRegistry();
  const bills = registry.counter(
    'caja_bills_total',
    'Bills received, by outcome (created, updated, duplicate, conflict, rejected).',
  );
  const requests = registry.counter('caja_http_requests_total', 'HTTP requests answered.');
  const requestSeconds = registry.histogram(
    'caja_http_request_duration_seconds',
    'Time from request to response, in seconds.',
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
  registry.gauge('caja_event_streams', 'Open live-update streams.', sources.eventStreams);
  const storage = sources.storage;
  if (storage) {
    registry.gaugeFamily('caja_storage_', 'Storage engine: journal, snapshot, backups', storage);
  }
  // How late the main thread's event loop (the one answering tills) runs its callbacks: the
  // quantiles of the delay since the previous scrape, in seconds.
  // The histogram records whole timer intervals: the resolution is taken off each figure.
  const resolutionMs = 5;
  const loopDelay = monitorEventLoopDelay({ resolution: resolutionMs });
  loopDelay.enable();
  registry.gauge(
    'caja_event_loop_delay_seconds',
    "Event-loop delay of the relay's main thread since the previous scrape (p50, p99, max).",
    () => {
      const read = (ns: number) =>
        Number.isFinite(ns) ? Math.round(Math.max(0, ns / 1e3 - resolutionMs * 1e3)) / 1e6 : 0;
      const values: [Record<string, string>, number][] = [
        [{ quantile: '0.5' }, read(loopDelay.percentile(50))],
        [{ quantile: '0.99' }, read(loopDelay.percentile(99))],
        [{ quantile: '1' }, read(loopDelay.max)],
      ];
      loopDelay.reset();
      return values;
    },
  );
  registry.gauge(
    'caja_process_resident_memory_bytes',
    'Resident memory.',
    () => process.memoryUsage().rss,
  );
  return { registry, bills, requests, requestSeconds };
}
