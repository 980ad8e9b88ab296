// Random days of sales, credit notes and voids, with cash moves and closes in between, synced to
// the table twin: each day's SUMMARY, its Z item and its cash move items agree with the local
// shift and book, and the Z's expected cash is the cash bills plus the moves DynamoDB holds.
import fc from 'fast-check';
import { computeZ, countedTotal, type Bill, type CashMove } from '@caja/models';
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../../src/ledger/ledger-entry.js';
import { makeBill, makeRig, type Rig } from './helpers.js';

const DAYS = ['2026-11-23', '2026-11-24', '2026-11-25'];

const sale = fc.record({
  day: fc.integer({ min: 0, max: 2 }),
  price: fc.integer({ min: 1, max: 9_000 }),
  quantity: fc.integer({ min: 1, max: 3 }),
  creditNote: fc.boolean(),
  void: fc.boolean(),
  cash: fc.boolean(),
});

const day = fc.record({
  moves: fc.array(fc.integer({ min: -5_000, max: 20_000 }), { maxLength: 3 }),
  closed: fc.boolean(),
});

function toBill(s: typeof sale extends fc.Arbitrary<infer T> ? T : never): Bill {
  const price = s.creditNote ? -s.price : s.price;
  const bill = makeBill({
    createdAt: `${DAYS[s.day]}T17:00:00.000Z`,
    items: [{ id: 'SKU-1', name: 'Coffee', price, quantity: s.quantity }],
    total: price * s.quantity,
    kind: s.creditNote ? 'credit_note' : 'sale',
    status: s.void ? 'void' : 'closed',
  });
  if (s.cash) bill.payment = { method: 'cash', tendered: Math.max(0, bill.total), change: 0 };
  return bill;
}

async function journal(rig: Rig, build: (lsn: number, at: string) => LedgerEntry) {
  let lsn = 0;
  const entry = await rig.store.appendLedger((context) => {
    lsn = context.lsn;
    return build(lsn, context.receivedAt);
  });
  rig.journal.records.push({ lsn, ledger: entry, prev: `head-${lsn}` });
}

describe('SUMMARY, Z and cash move items agree', () => {
  it('for random days, moves and closes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(sale, { maxLength: 15 }),
        fc.tuple(day, day, day),
        async (sales, days) => {
          const rig = makeRig();
          await rig.engine.start();
          try {
            await rig.store.putMany(sales.map(toBill));
            let zNumber = 0;
            let grandTotal = 0;
            for (const [index, date] of DAYS.entries()) {
              for (const amount of days[index]!.moves) {
                await journal(rig, (lsn, at) => {
                  const move: CashMove = { id: `move-${lsn}`, date, amount, reason: 'r', at };
                  return { type: 'cash_move', move };
                });
              }
              if (!days[index]!.closed) continue;
              await journal(rig, (_lsn, at) => {
                const z = computeZ({
                  zNumber: (zNumber += 1),
                  date,
                  closedAt: at,
                  bills: rig.store.shift(date).bills,
                  moves: rig.store.book.movesOf(date).map((stored) => stored.move),
                  countedCash: 0,
                  previousGrandTotal: grandTotal,
                  chainHead: 'head',
                  tillsWithUnsentBills: [],
                });
                grandTotal = z.grandTotal;
                return { type: 'close', z };
              });
            }
            expect((await rig.engine.syncNow()).ok).toBe(true);

            for (const [index, date] of DAYS.entries()) {
              const shift = rig.store.shift(date);
              const summary = rig.table.summaries.get(date);
              if (shift.bills.length > 0) expect(summary?.total).toBe(shift.total);
              const moves = [...(rig.table.moves.get(date)?.values() ?? [])].map((m) => m.value);
              expect(moves).toEqual(rig.store.book.movesOf(date).map((stored) => stored.move));
              const z = rig.table.zs.get(date)?.value;
              if (!days[index]!.closed) {
                expect(z).toBeUndefined();
                continue;
              }
              expect(z).toEqual(rig.store.book.zOf(date)?.z);
              expect(z!.dayTotal).toBe(shift.total);
              const cashBills = shift.bills
                .filter((bill) => bill.payment?.method === 'cash')
                .reduce((sum, bill) => sum + countedTotal(bill), 0);
              const movesTotal = moves.reduce((sum, move) => sum + move.amount, 0);
              expect(z!.expectedCash).toBe(cashBills + movesTotal);
            }
          } finally {
            await rig.engine.stop();
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
