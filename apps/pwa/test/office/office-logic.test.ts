import { describe, expect, it } from 'vitest';
import { previousPeriod, daysBetween, weekdayOf } from '../../src/office/dates.js';
import { countedTotal, DENOMINATIONS } from '../../src/office/denominations.js';
import { byWeekday, change, viewRows } from '../../src/office/report-view.js';
import { syncCause } from '../../src/office/sync-cause.js';
import type { Report, ReportRow } from '../../src/office/types.js';

const row = (key: string, total: number, count: number, max: number, min: number): ReportRow => ({
  key,
  total,
  count,
  average: Math.round(total / count),
  max,
  min,
});

describe('cash count', () => {
  it('adds notes and coins in minor units and ignores blank, negative or fractional counts', () => {
    const cop = DENOMINATIONS.COP!;
    const counts = cop.map(() => 0);
    counts[cop.indexOf(50_000)] = 2;
    counts[cop.indexOf(500)] = 3;
    counts[cop.indexOf(100)] = -4;
    counts[cop.indexOf(200)] = 1.5;
    expect(countedTotal(cop, counts)).toBe(101_500);
    // USD counts cents: a quarter is 25, a $20 note 2,000.
    const usd = DENOMINATIONS.USD!;
    expect(countedTotal(usd, [0, 0, 1, 0, 0, 0, 0, 3])).toBe(2_075);
    expect(countedTotal(usd, [])).toBe(0);
  });
});

describe('report view', () => {
  it('folds day rows into weekdays, Monday first, keeping total, count, largest and smallest', () => {
    // 2026-11-23 is a Monday; 2026-11-30 the next one.
    const rows = byWeekday([
      row('2026-11-23', 10_000, 2, 6_000, 4_000),
      row('2026-11-25', 3_000, 1, 3_000, 3_000),
      row('2026-11-30', 5_000, 3, 2_500, 1_000),
    ]);
    expect(rows).toEqual([
      { key: '0', total: 15_000, count: 5, average: 3_000, max: 6_000, min: 1_000 },
      { key: '2', total: 3_000, count: 1, average: 3_000, max: 3_000, min: 3_000 },
    ]);
    expect(weekdayOf('2026-11-29')).toBe(6);
  });

  it('shows other dimensions as the relay sent them', () => {
    const report: Report = {
      from: '2026-11-01',
      to: '2026-11-30',
      by: 'till',
      rows: [row('till-1', 100, 1, 100, 100)],
      totals: { total: 100, count: 1, average: 100, max: 100, min: 100 },
    };
    expect(viewRows(report, 'till')).toBe(report.rows);
  });

  it('compares with the period of the same length just before', () => {
    expect(previousPeriod('2026-11-01', '2026-11-30')).toEqual({
      from: '2026-10-02',
      to: '2026-10-31',
    });
    expect(previousPeriod('2026-03-01', '2026-03-01')).toEqual({
      from: '2026-02-28',
      to: '2026-02-28',
    });
    expect(daysBetween('2024-01-01', '2024-12-31')).toBe(366);
    expect(change(12_000, 10_000)).toBe(20);
    expect(change(9_000, 12_000)).toBe(-25);
    expect(change(5_000, 0)).toBeNull();
  });
});

describe('sync cause', () => {
  it('names what the owner can act on', () => {
    expect(syncCause(null)).toBeNull();
    expect(syncCause('getaddrinfo ENOTFOUND dynamodb.us-east-1.amazonaws.com')).toBe(
      'now.cause.network',
    );
    expect(syncCause('UnrecognizedClientException: The security token included is invalid')).toBe(
      'now.cause.credentials',
    );
    expect(syncCause('ProvisionedThroughputExceededException')).toBe('now.cause.dynamodb');
  });
});
