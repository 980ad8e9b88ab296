import { describe, expect, it } from 'vitest';
import {
  aggregateDay,
  aggregateFromJson,
  aggregateToJson,
  billChanges,
  buildReport,
  computeZ,
  isoWeek,
  localHour,
  mergeAggregates,
  overRefund,
  refundSummary,
  reportCsv,
  TillNumbers,
  type Bill,
} from '../src/index.js';

const zone = 'America/Bogota';
function bill(overrides: Partial<Bill> = {}): Bill {
  return {
    id: 'b1',
    tillId: 'till-1',
    version: 1,
    createdAt: '2026-11-27T15:04:05Z',
    items: [{ id: 'SKU-1', price: 2500, quantity: 2 }],
    total: 5000,
    kind: 'sale',
    status: 'closed',
    ...overrides,
  };
}
const note = (overrides: Partial<Bill> = {}) =>
  bill({
    id: 'n1',
    kind: 'credit_note',
    refundOf: 'b1',
    items: [{ id: 'SKU-1', price: -2500, quantity: 1 }],
    total: -2500,
    ...overrides,
  });

describe('isoWeek and localHour', () => {
  it.each([
    ['2026-01-01', '2026-W01'],
    ['2027-01-01', '2026-W53'],
    ['2024-12-30', '2025-W01'],
    ['2026-11-27', '2026-W48'],
  ])('%s is in %s', (date, week) => expect(isoWeek(date)).toBe(week));

  it('gives the local hour, also in half-hour zones', () => {
    expect(localHour('2026-11-27T15:04:05Z', zone)).toBe('10');
    expect(localHour('2026-11-27T04:59:59Z', zone)).toBe('23');
    expect(localHour('2026-11-27T15:29:00Z', 'Asia/Kolkata')).toBe('20');
    expect(localHour('2026-11-27T15:31:00Z', 'Asia/Kolkata')).toBe('21');
  });
});

describe('buildReport', () => {
  const day1 = aggregateDay(
    '2026-11-27',
    [
      bill({ payment: { method: 'cash', tendered: 5000, change: 0 } }),
      bill({
        id: 'b2',
        tillId: 'till-2',
        items: [{ id: 'SKU-2', price: 1000, quantity: 1 }],
        total: 1000,
      }),
      note(),
      bill({ id: 'b3', status: 'void', total: 5000 }),
    ],
    zone,
  );
  const day2 = aggregateDay(
    '2026-12-01',
    [bill({ id: 'b4', createdAt: '2026-12-01T20:00:00Z' })],
    zone,
  );

  it('counts non-void bills with credit notes negative, by day and month', () => {
    const byDay = buildReport([day1, day2], { from: '2026-11-01', to: '2026-12-31', by: 'day' });
    expect(byDay.rows).toEqual([
      { key: '2026-11-27', total: 3500, count: 3, average: 1167, max: 5000, min: -2500 },
      { key: '2026-12-01', total: 5000, count: 1, average: 5000, max: 5000, min: 5000 },
    ]);
    expect(byDay.totals).toEqual({ total: 8500, count: 4, average: 2125, max: 5000, min: -2500 });
    const byMonth = buildReport([day1, day2], {
      from: '2026-11-01',
      to: '2026-12-31',
      by: 'month',
    });
    expect(byMonth.rows.map((r) => [r.key, r.total])).toEqual([
      ['2026-11', 3500],
      ['2026-12', 5000],
    ]);
  });

  it('splits by till, tender, hour and item (units and unit prices)', () => {
    const range = { from: '2026-11-27', to: '2026-11-27' };
    expect(buildReport([day1], { ...range, by: 'till' }).rows.map((r) => [r.key, r.total])).toEqual(
      [
        ['till-1', 2500],
        ['till-2', 1000],
      ],
    );
    expect(
      buildReport([day1], { ...range, by: 'tender' }).rows.map((r) => [r.key, r.total]),
    ).toEqual([
      ['cash', 5000],
      ['other', -1500],
    ]);
    expect(buildReport([day1], { ...range, by: 'hour' }).rows.map((r) => r.key)).toEqual(['10']);
    expect(buildReport([day1], { ...range, by: 'item' }).rows).toEqual([
      { key: 'SKU-1', total: 2500, count: 1, average: 2500, max: 2500, min: 2500 },
      { key: 'SKU-2', total: 1000, count: 1, average: 1000, max: 1000, min: 1000 },
    ]);
  });

  it('gives zero totals and null extremes for an empty range, and ignores days outside it', () => {
    expect(buildReport([day1], { from: '2025-01-01', to: '2025-01-31', by: 'week' })).toEqual({
      from: '2025-01-01',
      to: '2025-01-31',
      by: 'week',
      rows: [],
      totals: { total: 0, count: 0, average: 0, max: null, min: null },
    });
  });

  it('merges a dropped part of a day with its kept part, and survives JSON', () => {
    const kept = aggregateDay('2026-11-27', [bill()], zone);
    const dropped = aggregateFromJson(
      JSON.parse(JSON.stringify(aggregateToJson(aggregateDay('2026-11-27', [note()], zone)))),
    );
    const whole = aggregateDay('2026-11-27', [bill(), note()], zone);
    expect(mergeAggregates(kept, dropped)).toEqual(whole);
  });

  it('writes CSV with the contract header and quotes what needs it', () => {
    const report = buildReport([aggregateDay('2026-11-27', [bill({ tillId: 'a' })], zone)], {
      from: '2026-11-27',
      to: '2026-11-27',
      by: 'till',
    });
    expect(reportCsv(report)).toBe(
      'key,total,count,average,max,min\r\na,5000,1,5000,5000,5000\r\n',
    );
    report.rows[0]!.key = 'a,"b"';
    expect(reportCsv(report)).toContain('"a,""b""",5000');
  });
});

describe('computeZ', () => {
  it('adds up the day by till, tender, refunds and voids, and the cash against the count', () => {
    const z = computeZ({
      zNumber: 3,
      date: '2026-11-27',
      closedAt: '2026-11-28T02:00:00Z',
      bills: [
        bill({ number: 7, payment: { method: 'cash', tendered: 5000, change: 0 } }),
        bill({ id: 'b2', number: 9, payment: { method: 'card' } }),
        note({ number: 10, payment: { method: 'cash', tendered: -2500, change: 0 } }),
        bill({ id: 'b3', number: 8, status: 'void' }),
        bill({ id: 'b4', tillId: 'till-2' }),
      ],
      moves: [
        {
          id: 'm1',
          date: '2026-11-27',
          amount: 10_000,
          reason: 'float',
          at: '2026-11-27T13:00:00Z',
        },
        { id: 'm2', date: '2026-11-27', amount: -1000, reason: 'milk', at: '2026-11-27T16:00:00Z' },
      ],
      countedCash: 11_000,
      previousGrandTotal: 100_000,
      chainHead: 'ab'.repeat(32),
    });
    expect(z).toMatchObject({
      zNumber: 3,
      tills: {
        'till-1': { firstNumber: 7, lastNumber: 10, billCount: 4, total: 7500 },
        'till-2': { firstNumber: null, lastNumber: null, billCount: 1, total: 5000 },
      },
      byTender: { cash: 2500, card: 5000, other: 5000 },
      refunds: { count: 1, total: 2500 },
      voids: { count: 1, total: 5000 },
      cashMoves: 9000,
      expectedCash: 11_500,
      countedCash: 11_000,
      difference: -500,
      dayTotal: 12_500,
      grandTotal: 112_500,
      tillsWithUnsentBills: [],
    });
    expect(z.moves).toHaveLength(2);
  });
});

describe('linked refunds', () => {
  it('sums non-void credit notes as a positive refunded total', () => {
    expect(refundSummary([note(), note({ id: 'n2', status: 'void' })])).toEqual({
      refundedTotal: 2500,
      creditNotes: ['n1'],
    });
  });

  it('finds an over-refund by total, by line quantity, of a void or absent sale', () => {
    expect(overRefund(bill(), [note()])).toBeUndefined();
    expect(overRefund(bill(), [note(), note({ id: 'n2' })])).toBeUndefined(); // 2 of 2 units
    const three = [note(), note({ id: 'n2' }), note({ id: 'n3' })];
    expect(overRefund(bill(), three)).toEqual({
      saleTotal: 5000,
      refundedTotal: 7500,
      lines: [{ itemId: 'SKU-1', sold: 2, refunded: 3 }],
    });
    const otherLine = note({ items: [{ id: 'SKU-9', price: -1, quantity: 1 }], total: -1 });
    expect(overRefund(bill(), [otherLine])?.lines).toEqual([
      { itemId: 'SKU-9', sold: 0, refunded: 1 },
    ]);
    expect(overRefund(bill({ status: 'void' }), [note()])).toMatchObject({ saleVoid: true });
    expect(overRefund(undefined, [note()])).toMatchObject({ saleMissing: true });
    expect(overRefund(undefined, [note({ status: 'void' })])).toBeUndefined();
  });
});

describe('billChanges', () => {
  it('names each changed field and line', () => {
    const after = bill({
      version: 2,
      createdAt: '2026-11-28T10:00:00Z',
      items: [
        { id: 'SKU-1', price: 2500, quantity: 1 },
        { id: 'SKU-3', price: 100, quantity: 1 },
      ],
      total: 2600,
      payment: { method: 'card' },
    });
    expect(billChanges(bill(), after)).toEqual([
      { field: 'createdAt', from: '2026-11-27T15:04:05Z', to: '2026-11-28T10:00:00Z' },
      { field: 'total', from: 5000, to: 2600 },
      { field: 'payment', from: null, to: { method: 'card' } },
      {
        field: 'items[SKU-1]',
        from: { id: 'SKU-1', price: 2500, quantity: 2 },
        to: { id: 'SKU-1', price: 2500, quantity: 1 },
      },
      { field: 'items[SKU-3]', from: null, to: { id: 'SKU-3', price: 100, quantity: 1 } },
    ]);
    expect(billChanges(bill(), bill({ version: 2, status: 'void' }))).toEqual([
      { field: 'status', from: 'closed', to: 'void' },
    ]);
  });
});

describe('TillNumbers', () => {
  it('tracks the highest number and the gaps below it, with when they opened', () => {
    const numbers = new TillNumbers();
    numbers.record(1, 't1');
    numbers.record(5, 't2');
    expect(numbers.highest).toBe(5);
    expect(numbers.missing()).toEqual([2, 3, 4]);
    numbers.record(3, 't3');
    expect(numbers.missing()).toEqual([2, 4]);
    expect(numbers.gaps).toEqual([
      { from: 2, to: 2, since: 't2' },
      { from: 4, to: 4, since: 't2' },
    ]);
    numbers.record(3, 't4'); // a second version of bill 3
    numbers.record(2, 't4');
    numbers.record(4, 't4');
    expect(numbers.missingCount).toBe(0);
    expect(numbers.oldestMissingSince()).toBeUndefined();
  });

  it('lists at most the first 100 of a huge gap without enumerating it', () => {
    const numbers = new TillNumbers();
    numbers.record(999_999_999, 't');
    expect(numbers.missing()).toHaveLength(100);
    expect(numbers.missing()[99]).toBe(100);
    expect(numbers.missingCount).toBe(999_999_998);
    expect(TillNumbers.fromJson(JSON.parse(JSON.stringify(numbers.toJson())))).toEqual(numbers);
  });
});
