// The day close (Z): what the owner prints when the drawer is counted. A pure function of the
// day's bills and cash moves, so the relay, a test and a cloud check compute the same Z.
import { addMoney } from '../totals.js';
import type { Bill, MinorUnits } from '../types.js';
import { tenderOf } from './day-aggregate.js';

/** Money into (positive: opening float, pay-in) or out of (negative: pay-out) the drawer. */
export interface CashMove {
  id: string;
  date: string;
  amount: MinorUnits;
  reason: string;
  tillId?: string;
  /** When the relay recorded it. */
  at: string;
}

export interface ZTill {
  /** Lowest and highest bill number of the till's bills of the day; null when none has one. */
  firstNumber: number | null;
  lastNumber: number | null;
  /** Every listed bill, void ones included (as in the shift's byTill). */
  billCount: number;
  /** Non-void bills; credit notes negative. */
  total: MinorUnits;
}

export interface UnsentTill {
  tillId: string;
  /** Bills the till said it still held when the day was closed. */
  outbox: number;
}

export interface ZReport {
  /** Counts from 1 per store, gapless, never reset. */
  zNumber: number;
  date: string;
  closedAt: string;
  tills: Record<string, ZTill>;
  /** Non-void bills by payment method (a bill without a payment counts as other). */
  byTender: { cash: MinorUnits; card: MinorUnits; other: MinorUnits };
  /** Non-void credit notes; total is the money given back, positive. */
  refunds: { count: number; total: MinorUnits };
  /** Void bills and what they would have counted. */
  voids: { count: number; total: MinorUnits };
  /** Sum of the day's cash moves. */
  cashMoves: MinorUnits;
  /** The moves themselves, in the order they were recorded. */
  moves: CashMove[];
  /** cashMoves + the totals of non-void cash bills (credit notes negative). */
  expectedCash: MinorUnits;
  countedCash: MinorUnits;
  /** countedCash − expectedCash: negative when the drawer is short. */
  difference: MinorUnits;
  /** The day's total (sum of byTender). */
  dayTotal: MinorUnits;
  /** Previous Z's grandTotal + dayTotal: the perpetual total since the first Z. */
  grandTotal: MinorUnits;
  /** SHA-256 of the journal record before the close: later rewriting of history shows. */
  chainHead: string;
  note?: string;
  /** Tills that reported unsent bills at the close; their late bills will show as lateBills. */
  tillsWithUnsentBills: UnsentTill[];
}

export interface ZInput {
  zNumber: number;
  date: string;
  closedAt: string;
  bills: Iterable<Bill>;
  moves: readonly CashMove[];
  countedCash: MinorUnits;
  previousGrandTotal: MinorUnits;
  chainHead: string;
  note?: string;
  tillsWithUnsentBills?: UnsentTill[];
}

export function computeZ(input: ZInput): ZReport {
  const tills = new Map<string, ZTill>();
  const byTender = { cash: 0, card: 0, other: 0 };
  const refunds = { count: 0, total: 0 };
  const voids = { count: 0, total: 0 };
  for (const bill of input.bills) {
    let till = tills.get(bill.tillId);
    if (!till) {
      till = { firstNumber: null, lastNumber: null, billCount: 0, total: 0 };
      tills.set(bill.tillId, till);
    }
    till.billCount += 1;
    if (bill.number !== undefined) {
      if (till.firstNumber === null || bill.number < till.firstNumber)
        till.firstNumber = bill.number;
      if (till.lastNumber === null || bill.number > till.lastNumber) till.lastNumber = bill.number;
    }
    if (bill.status === 'void') {
      voids.count += 1;
      voids.total = addMoney(voids.total, bill.total);
      continue;
    }
    till.total = addMoney(till.total, bill.total);
    byTender[tenderOf(bill)] = addMoney(byTender[tenderOf(bill)], bill.total);
    if (bill.kind === 'credit_note') {
      refunds.count += 1;
      refunds.total = addMoney(refunds.total, -bill.total);
    }
  }
  let cashMoves = 0;
  for (const move of input.moves) cashMoves = addMoney(cashMoves, move.amount);
  const expectedCash = addMoney(cashMoves, byTender.cash);
  const dayTotal = addMoney(addMoney(byTender.cash, byTender.card), byTender.other);
  const z: ZReport = {
    zNumber: input.zNumber,
    date: input.date,
    closedAt: input.closedAt,
    tills: Object.fromEntries([...tills].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    byTender,
    refunds: { count: refunds.count, total: refunds.total || 0 },
    voids,
    cashMoves,
    moves: input.moves.map((move) => ({ ...move })),
    expectedCash,
    countedCash: input.countedCash,
    difference: addMoney(input.countedCash, -expectedCash),
    dayTotal,
    // The perpetual total grows without end: the one figure that could, in a shop's lifetime
    // of Zs, reach the limit of exact doubles.
    grandTotal: addMoney(input.previousGrandTotal, dayTotal),
    chainHead: input.chainHead,
    tillsWithUnsentBills: input.tillsWithUnsentBills ?? [],
  };
  if (input.note !== undefined) z.note = input.note;
  return z;
}
