// Random bills whose days are dropped locally (cleanup keeps their aggregates), then new versions
// of some of them arrive, moving day or not, voiding or not, and tills send some again at the
// version the relay already had (it forgot them with their day): every report still counts each
// bill once, at its newest version, as a scan of the newest versions would, and a Z made after
// the drops (live bills plus the dropped ones kept) equals the Z of the newest versions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  aggregateDay,
  businessDay,
  buildReport,
  computeZ,
  REPORT_DIMENSIONS,
  type Bill,
  type StoredBill,
} from '@caja/models';
import { DROPPED_BILLS_DAYS, LedgerBook } from '../../../src/ledger/ledger-book.js';

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
        fc.array(fc.nat(), { maxLength: 5 }),
        (histories, firstDrop, secondDrop, resent) => {
          const shop = new Shop();
          for (const [n, h] of histories.entries()) shop.put(toBill(`b${n}`, h, 0));
          for (const date of firstDrop) shop.drop(date);
          for (const [n, h] of histories.entries())
            for (let index = 1; index < h.versions.length; index += 1)
              shop.put(toBill(`b${n}`, h, index));
          for (const date of secondDrop) shop.drop(date);
          // A till sends a bill again at its newest version (its answer was lost).
          for (const pick of resent) {
            if (histories.length === 0) break;
            const n = pick % histories.length;
            shop.put(toBill(`b${n}`, histories[n]!, histories[n]!.versions.length - 1));
          }

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
            const zOf = (bills: Bill[]) => {
              const { closedAt, ...figures } = computeZ({
                zNumber: 1,
                date,
                closedAt: '2026-11-29T00:00:00.000Z',
                bills,
                moves: [],
                countedCash: 0,
                previousGrandTotal: 0,
                chainHead: 'head',
                tillsWithUnsentBills: [],
              });
              return { ...figures, closedAt };
            };
            const dropped = shop.book.droppedBillsOf(date);
            expect(dropped, date).toBeDefined();
            expect(zOf([...shop.live(date), ...dropped!]), `Z of ${date}`).toEqual(
              zOf(newest.filter((bill) => businessDay(bill.createdAt, zone) === date)),
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('bills of dropped days kept for a late Z', () => {
  it('are forgotten after DROPPED_BILLS_DAYS, and then the day is not called complete', () => {
    const book = new LedgerBook(zone);
    const first = {
      day: 0,
      hour: 12,
      lines: [{ id: 'A' as const, price: 1000, quantity: 1 }],
      void: false,
      method: 'card' as const,
    };
    const sale = toBill('old', { till: 'till-1', creditNote: false, versions: [first] }, 0);
    const voided: Bill = { ...sale, id: 'old-void', status: 'void' };
    book.onDrop(DAYS[0]!, [sale, voided]);
    expect(
      book
        .droppedBillsOf(DAYS[0]!)
        ?.map((bill) => bill.id)
        .sort(),
    ).toEqual(['old', 'old-void']);
    expect(book.droppedBillsOf('2026-01-01')).toEqual([]); // never dropped: nothing to add
    book.onDrop(addDays(DAYS[0]!, DROPPED_BILLS_DAYS + 1), [{ ...sale, id: 'new' }]);
    expect(book.droppedBillsOf(DAYS[0]!)).toBeUndefined();
  });
});
