import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeShift, rangeReport, roundedMean, type Bill, type BillKind } from '../src/index.js';
import { billArbitrary } from './support/arbitraries.js';

function bill(id: string, total: number, extra: { kind?: BillKind; void?: boolean } = {}): Bill {
  return {
    id,
    tillId: 'till-1',
    version: 1,
    createdAt: '2026-11-27T15:00:00Z',
    items: total === 0 ? [] : [{ id: 'x', price: total, quantity: 1 }],
    total,
    kind: extra.kind ?? 'sale',
    status: extra.void ? 'void' : 'closed',
  };
}

describe('rangeReport', () => {
  it('gives zeros and nulls, never NaN, for no days', () => {
    expect(rangeReport([])).toEqual({
      from: null,
      to: null,
      total: 0,
      billCount: 0,
      largestBill: null,
      smallestBill: null,
      averageBill: 0,
      largestDay: null,
      smallestDay: null,
      averageDay: 0,
    });
  });

  it('covers days with no bills: they count as days, with no bill figures', () => {
    const report = rangeReport([makeShift('2026-11-27', []), makeShift('2026-11-28', [])]);
    expect(report).toMatchObject({
      from: '2026-11-27',
      to: '2026-11-28',
      averageDay: 0,
      largestBill: null,
      largestDay: { date: '2026-11-27', total: 0 },
    });
  });

  it('reports bills and days, leaving void bills and credit notes out of bill figures', () => {
    const report = rangeReport([
      makeShift('2026-11-28', [bill('d', 100), bill('e', 9_000, { void: true })]),
      makeShift('2026-11-27', [
        bill('a', 5_000),
        bill('b', 2_001),
        bill('c', -1_000, { kind: 'credit_note' }),
      ]),
      makeShift('2026-11-29', [bill('f', 3_000)]),
    ]);
    expect(report).toEqual({
      from: '2026-11-27',
      to: '2026-11-29',
      total: 5_000 + 2_001 - 1_000 + 100 + 3_000,
      billCount: 6,
      largestBill: { id: 'a', date: '2026-11-27', total: 5_000 },
      smallestBill: { id: 'd', date: '2026-11-28', total: 100 },
      averageBill: 2_525, // (5000 + 2001 + 100 + 3000) / 4 = 2525.25
      largestDay: { date: '2026-11-27', total: 6_001 },
      smallestDay: { date: '2026-11-28', total: 100 },
      averageDay: 3_034, // 9101 / 3 = 3033.67
    });
  });

  it('breaks ties by the earliest day', () => {
    const report = rangeReport([
      makeShift('2026-11-28', [bill('b', 700)]),
      makeShift('2026-11-27', [bill('a', 700)]),
    ]);
    expect(report.largestBill?.id).toBe('a');
    expect(report.smallestBill?.id).toBe('a');
    expect(report.largestDay?.date).toBe('2026-11-27');
  });

  it('agrees with exact arithmetic on any bills', () => {
    fc.assert(
      fc.property(fc.array(billArbitrary, { maxLength: 30 }), (bills) => {
        const half = Math.floor(bills.length / 2);
        const shifts = [
          makeShift('2026-11-27', bills.slice(0, half)),
          makeShift('2026-11-28', bills.slice(half)),
        ];
        const report = rangeReport(shifts);
        expect(report.total).toBe(shifts[0]!.total + shifts[1]!.total);
        expect(report.billCount).toBe(bills.length);
        const sales = bills.filter((b) => b.kind === 'sale' && b.status === 'closed');
        const totals = sales.map((b) => b.total);
        expect(report.largestBill?.total ?? null).toBe(totals.length ? Math.max(...totals) : null);
        expect(report.smallestBill?.total ?? null).toBe(totals.length ? Math.min(...totals) : null);
        const sum = totals.reduce((s, t) => s + BigInt(t), 0n);
        expect(report.averageBill).toBe(roundedMean(sum, totals.length));
        for (const value of [report.averageBill, report.averageDay, report.total]) {
          expect(Number.isSafeInteger(value)).toBe(true);
        }
      }),
    );
  });
});

describe('roundedMean', () => {
  it.each([
    [10n, 4, 3], // 2.5 rounds away from zero
    [-10n, 4, -3],
    [9n, 4, 2], // 2.25
    [-9n, 4, -2],
    [11n, 4, 3], // 2.75
    [7n, 7, 1],
    [0n, 3, 0],
    [5n, 0, 0],
    [-1n, 3, 0], // -0.33 is 0, never -0
  ])('%s / %d → %d', (sum, count, expected) => {
    expect(Object.is(roundedMean(sum, count), expected)).toBe(true);
  });

  it('matches real division to within half a unit', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.integer({ min: 1, max: 10_000 }),
        (sum, count) => {
          const mean = BigInt(roundedMean(sum, count));
          const error = mean * BigInt(count) - sum; // count × (rounded - exact)
          expect(2n * (error < 0n ? -error : error) <= BigInt(count)).toBe(true);
        },
      ),
    );
  });
});
