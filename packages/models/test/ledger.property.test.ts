// Random days of sales, credit notes, voids, modifications and date moves, delivered in any
// order: every view of a day adds up to the same money.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateDay,
  buildReport,
  computeZ,
  groupIntoShifts,
  REPORT_DIMENSIONS,
  type Bill,
  type CashMove,
} from '../src/index.js';

const zone = 'America/Bogota';
const DAYS = ['2026-11-26', '2026-11-27', '2026-11-28'];

const version = fc.record({
  day: fc.integer({ min: 0, max: 2 }),
  hour: fc.integer({ min: 0, max: 23 }),
  lines: fc.array(
    fc.record({
      id: fc.constantFrom('A', 'B', 'C'),
      price: fc.integer({ min: 0, max: 10_000 }),
      quantity: fc.integer({ min: 1, max: 5 }),
    }),
    { maxLength: 4 },
  ),
  void: fc.boolean(),
  method: fc.constantFrom('cash', 'card', 'other', undefined),
});

const billHistory = fc.record({
  till: fc.constantFrom('till-1', 'till-2'),
  creditNote: fc.boolean(),
  versions: fc.array(version, { minLength: 1, maxLength: 3 }),
});

type History = typeof billHistory extends fc.Arbitrary<infer T> ? T : never;

function toBill(id: string, history: History, index: number): Bill {
  const v = history.versions[index]!;
  const sign = history.creditNote ? -1 : 1;
  const items = v.lines.map((line) => ({ ...line, price: sign * line.price || 0 }));
  const total = items.reduce((sum, line) => sum + line.price * line.quantity, 0);
  // Midday UTC-5 plus hours: the date moves when a later version picks another day.
  const createdAt = new Date(Date.parse(`${DAYS[v.day]}T05:00:00Z`) + v.hour * 3_600_000);
  const bill: Bill = {
    id,
    tillId: history.till,
    version: index + 1,
    createdAt: createdAt.toISOString(),
    items,
    total,
    kind: history.creditNote ? 'credit_note' : 'sale',
    status: v.void ? 'void' : 'closed',
    number: Number(id.slice(1)) + 1,
  };
  if (v.method === 'cash') bill.payment = { method: 'cash', tendered: total, change: 0 };
  else if (v.method) bill.payment = { method: v.method };
  return bill;
}

describe('a day adds up the same everywhere', () => {
  it('in the shift, every report dimension and the Z; expected cash = cash bills + moves', () => {
    fc.assert(
      fc.property(
        fc.array(billHistory, { maxLength: 30 }),
        fc.array(fc.integer({ min: -5000, max: 5000 }), { maxLength: 4 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (histories, moveAmounts, seed) => {
          // Every version of every bill, delivered in a shuffled order; the newest version wins.
          const deliveries = histories.flatMap((history, n) =>
            history.versions.map((_, index) => toBill(`b${n}`, history, index)),
          );
          deliveries.sort(
            (a, b) => ((a.version * 7919 + seed) % 13) - ((b.version * 7919 + seed) % 13),
          );
          const latest = new Map<string, Bill>();
          for (const bill of deliveries) {
            const stored = latest.get(bill.id);
            if (!stored || bill.version > stored.version) latest.set(bill.id, bill);
          }
          const shifts = groupIntoShifts([...latest.values()], zone);
          const aggregates = Object.values(shifts).map((shift) =>
            aggregateDay(shift.date, shift.bills, zone),
          );
          let previousGrandTotal = 0;
          for (const shift of Object.values(shifts)) {
            const range = { from: shift.date, to: shift.date };
            for (const by of REPORT_DIMENSIONS) {
              expect(buildReport(aggregates, { ...range, by }).totals.total, by).toBe(shift.total);
            }
            const moves: CashMove[] = moveAmounts.map((amount, i) => ({
              id: `m${i}`,
              date: shift.date,
              amount,
              reason: 'test',
              at: '2026-11-27T12:00:00Z',
            }));
            const z = computeZ({
              zNumber: 1,
              date: shift.date,
              closedAt: '2026-11-29T00:00:00Z',
              bills: shift.bills,
              moves,
              countedCash: 0,
              previousGrandTotal,
              chainHead: '0'.repeat(64),
            });
            expect(z.dayTotal).toBe(shift.total);
            expect(z.grandTotal - previousGrandTotal).toBe(shift.total);
            previousGrandTotal = z.grandTotal;
            const tillTotal = Object.values(z.tills).reduce((sum, till) => sum + till.total, 0);
            expect(tillTotal).toBe(shift.total);
            const cashBills = shift.bills
              .filter((bill) => bill.status !== 'void' && bill.payment?.method === 'cash')
              .reduce((sum, bill) => sum + bill.total, 0);
            const movesTotal = moveAmounts.reduce((sum, amount) => sum + amount, 0);
            expect(z.expectedCash).toBe(cashBills + movesTotal);
            expect(z.difference + z.expectedCash).toBe(0);
          }
          const all = buildReport(aggregates, { from: DAYS[0]!, to: DAYS[2]!, by: 'month' });
          const shiftsTotal = Object.values(shifts).reduce((sum, shift) => sum + shift.total, 0);
          expect(all.totals.total).toBe(shiftsTotal);
        },
      ),
      { numRuns: 150 },
    );
  });
});
