import { describe, expect, it } from 'vitest';
import { createLogger, formatLine } from '../../../src/logging/logger.js';
import { MetricsRegistry } from '../../../src/metrics/registry.js';

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

describe('MetricsRegistry', () => {
  it('renders counters, gauges and cumulative histogram buckets', () => {
    const registry = new MetricsRegistry();
    const counter = registry.counter('c_total', 'A counter.');
    counter.inc({ outcome: 'a"b' });
    counter.inc({ outcome: 'a"b' }, 2);
    registry.gauge('g', 'A gauge.', () => 7);
    const histogram = registry.histogram('h_seconds', 'A histogram.', [0.1, 1]);
    histogram.observe({ route: '/x' }, 0.05);
    histogram.observe({ route: '/x' }, 0.5);
    histogram.observe({ route: '/x' }, 5);
    registry.gauge('broken', 'A failing source.', () => {
      throw new Error('nope');
    });
    expect(registry.render()).toBe(
      [
        '# HELP c_total A counter.',
        '# TYPE c_total counter',
        'c_total{outcome="a\\"b"} 3',
        '# HELP g A gauge.',
        '# TYPE g gauge',
        'g 7',
        '# HELP h_seconds A histogram.',
        '# TYPE h_seconds histogram',
        'h_seconds_bucket{route="/x",le="0.1"} 1',
        'h_seconds_bucket{route="/x",le="1"} 2',
        'h_seconds_bucket{route="/x",le="+Inf"} 3',
        'h_seconds_sum{route="/x"} 5.55',
        'h_seconds_count{route="/x"} 3',
        '# HELP broken A failing source.',
        '# TYPE broken gauge',
        '',
      ].join('\n'),
    );
  });
});

describe('GaugeFamily', () => {
  it('renders one metric per key, with names made safe', () => {
    const registry = new MetricsRegistry();
    registry.gaugeFamily('caja_storage_', 'Storage', () => ({ journal_bytes: 10, 'odd-name': 1 }));
    expect(registry.render()).toBe(
      [
        '# HELP caja_storage_journal_bytes Storage (journal_bytes)',
        '# TYPE caja_storage_journal_bytes gauge',
        'caja_storage_journal_bytes 10',
        '# HELP caja_storage_odd_name Storage (odd-name)',
        '# TYPE caja_storage_odd_name gauge',
        'caja_storage_odd_name 1',
        '',
      ].join('\n'),
    );
  });
});
