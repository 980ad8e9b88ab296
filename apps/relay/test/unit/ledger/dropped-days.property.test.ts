// Random bills whose days are dropped locally (cleanup keeps their aggregates), then new versions
// of some of them arrive, moving day or not, voiding or not: every report still counts each bill
// once, at its newest version, as a scan of the newest versions would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateDay,
  businessDay,
  buildReport,
  REPORT_DIMENSIONS,
  type Bill,
  type StoredBill,
} from '@caja/models';
import { LedgerBook } from '../../../src/ledger/ledger-book.js';

const zone = 'America/Bogota';
const DAYS = ['2026-11-26', '2026-11-27', '2026-11-28'];

const version = fc.record({
  day: fc.integer({ min: 0, max: 2 }),
  hour: fc.integer({ min: 0, max: 23 }),
  lines: fc.array(
    fc.record({
      id: fc.constantFrom('A', 'B'),
      price: fc.integer({ min: 0, max: 10_000 }),
      quantity: fc.integer({ min: 1, max: 4 }),
    }),
    { maxLength: 3 },
  ),
  void: fc.boolean(),
  method: fc.constantFrom('card', 'other', undefined),
});

const history = fc.record({
  till: fc.constantFrom('till-1', 'till-2'),
  creditNote: fc.boolean(),
  versions: fc.array(version, { minLength: 1, maxLength: 3 }),
});

type History = typeof history extends fc.Arbitrary<infer T> ? T : never;

function toBill(id: string, h: History, index: number): Bill {
  const v = h.versions[index]!;
  const sign = h.creditNote ? -1 : 1;
  const items = v.lines.map((line) => ({ ...line, price: sign * line.price || 0 }));
  const total = items.reduce((sum, line) => sum + line.price * line.quantity, 0);
  const createdAt = new Date(Date.parse(`${DAYS[v.day]}T05:00:00Z`) + v.hour * 3_600_000);
  const bill: Bill = {
    id,
    tillId: h.till,
    version: index + 1,
    createdAt: createdAt.toISOString(),
    items,
    total,
    kind: h.creditNote ? 'credit_note' : 'sale',
    status: v.void ? 'void' : 'closed',
  };
  if (v.method) bill.payment = { method: v.method };
  return bill;
}

/** The store's part: current versions by id, what cleanup drops, and the book told of both. */
class Shop {
  readonly book = new LedgerBook(zone);
  private readonly bills = new Map<string, StoredBill>();
  private lsn = 0;

  put(bill: Bill): void {
    const previous = this.bills.get(bill.id);
    if (previous && previous.bill.version >= bill.version) return;
    const entry: StoredBill = {
      bill,
      shiftDate: businessDay(bill.createdAt, zone),
      lsn: ++this.lsn,
    };
    this.book.onPut(previous, entry, '2026-11-29T00:00:00.000Z');
    this.bills.set(bill.id, entry);
  }

  drop(date: string): void {
    const dropped = [...this.bills.values()].filter((entry) => entry.shiftDate === date);
    this.book.onDrop(
      date,
      dropped.map((entry) => entry.bill),
    );
    for (const entry of dropped) this.bills.delete(entry.bill.id);
  }

  live(date: string): Bill[] {
    return [...this.bills.values()]
      .filter((entry) => entry.shiftDate === date)
      .map((entry) => entry.bill);
  }
}

describe('aggregates of dropped days', () => {
  it('count a bill once, at its newest version, when a new version arrives after the drop', () => {
    fc.assert(
      fc.property(
        fc.array(history, { maxLength: 20 }),
        fc.subarray(DAYS),
        fc.subarray(DAYS),
        (histories, firstDrop, secondDrop) => {
          const shop = new Shop();
          for (const [n, h] of histories.entries()) shop.put(toBill(`b${n}`, h, 0));
          for (const date of firstDrop) shop.drop(date);
          for (const [n, h] of histories.entries())
            for (let index = 1; index < h.versions.length; index += 1)
              shop.put(toBill(`b${n}`, h, index));
          for (const date of secondDrop) shop.drop(date);

          const newest = histories.map((h, n) => toBill(`b${n}`, h, h.versions.length - 1));
          for (const date of DAYS) {
            const expected = aggregateDay(
              date,
              newest.filter((bill) => businessDay(bill.createdAt, zone) === date),
              zone,
            );
            const kept = shop.book.aggregate(date, () => shop.live(date));
            for (const by of REPORT_DIMENSIONS) {
              const range = { from: date, to: date, by };
              const want = buildReport([expected], range);
              const got = buildReport([kept], range);
              const figures = (report: typeof want) =>
                report.rows
                  .filter((row) => row.count !== 0 || row.total !== 0)
                  .map((row) => [row.key, row.total, row.count]);
              expect(figures(got), `${date} by ${by}`).toEqual(figures(want));
              expect(got.totals.total, `${date} by ${by}`).toBe(want.totals.total);
              expect(got.totals.count, `${date} by ${by}`).toBe(want.totals.count);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
