import { describe, expect, it } from 'vitest';
import { createLogger, formatLine } from '../../../src/logging/logger.js';
import { createRelayMetrics } from '../../../src/metrics/relay-metrics.js';

describe('log lines', () => {
  it('are one line with time, level, message and quoted fields', () => {
    const line = formatLine(new Date('2026-11-27T10:00:00Z'), 'info', 'bill\nrejected', {
      id: 'a b\nc',
      status: 422,
      skipped: undefined,
      error: new Error('boom'),
    });
    expect(line).toBe(
      '2026-11-27T10:00:00.000Z info  bill rejected id="a b\\nc" status=422 error="Error: boom"',
    );
  });

  it('drop lines below the level', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', write: (line) => lines.push(line) });
    logger.info('quiet');
    logger.warn('loud');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('warn  loud');
  });
});

describe('relay metrics', () => {
  it('renders counters, gauges read at scrape time and cumulative histogram buckets', async () => {
    const metrics = createRelayMetrics({
      eventStreams: () => 7,
      storage: () => ({ journal_bytes: 10, 'odd-name': 1 }),
    });
    metrics.bills.inc({ outcome: 'a"b' });
    metrics.bills.inc({ outcome: 'a"b' }, 2);
    metrics.requestSeconds.observe({ method: 'PUT', route: '/x' }, 0.0005);
    metrics.requestSeconds.observe({ method: 'PUT', route: '/x' }, 0.02);
    metrics.requestSeconds.observe({ method: 'PUT', route: '/x' }, 9);
    const text = await metrics.registry.metrics();
    expect(text).toContain('caja_bills_total{outcome="a\\"b"} 3');
    expect(text).toContain('caja_event_streams 7');
    expect(text).toContain(
      'caja_http_request_duration_seconds_bucket{le="0.001",method="PUT",route="/x"} 1',
    );
    expect(text).toContain(
      'caja_http_request_duration_seconds_bucket{le="0.025",method="PUT",route="/x"} 2',
    );
    expect(text).toContain(
      'caja_http_request_duration_seconds_bucket{le="+Inf",method="PUT",route="/x"} 3',
    );
    expect(text).toContain('caja_http_request_duration_seconds_count{method="PUT",route="/x"} 3');
    // One metric per storage key, with names made safe.
    expect(text).toContain(
      '# TYPE caja_storage_journal_bytes gauge\ncaja_storage_journal_bytes 10',
    );
    expect(text).toContain('caja_storage_odd_name 1');
    expect(text).toMatch(/caja_event_loop_delay_seconds\{quantile="0.99"\} [\d.]+/);
    expect(text).toMatch(/caja_process_resident_memory_bytes [1-9]\d+/);
  });

  it('reads NaN for a gauge whose source fails, and keeps the rest of the scrape', async () => {
    let failing = false;
    const metrics = createRelayMetrics({
      eventStreams: () => {
        if (failing) throw new Error('nope');
        return 2;
      },
    });
    expect(await metrics.registry.metrics()).toContain('caja_event_streams 2');
    failing = true;
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^caja_event_streams nan$/im);
    expect(text).toContain('# TYPE caja_bills_total counter');
  });
});
