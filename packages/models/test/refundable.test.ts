import { describe, expect, it } from 'vitest';
import { newBill, voidBill } from '../src/bill-operations.js';
import { overRefund } from '../src/ledger/refunds.js';
import { refundableLines, refundCreditNote } from '../src/ledger/refundable.js';
import type { Bill } from '../src/types.js';

const sale: Bill = {
  ...newBill({ id: 'sale-1', tillId: 'till-1', createdAt: '2026-11-27T15:00:00.000Z' }),
  number: 7,
  items: [
    { id: 'CAFE', name: 'Café', price: 2500, quantity: 3 },
    { id: 'PAN', price: 800, quantity: 2 },
  ],
  total: 9100,
};
let counter = 0;
const init = () => ({ id: `note-${(counter += 1)}`, createdAt: '2026-11-27T16:00:00.000Z' });

function refund(notes: Bill[], quantities: number[]): Bill {
  const result = refundCreditNote(sale, notes, quantities, init());
  if (!result.ok) throw new Error(result.issues[0]!.message);
  return result.value;
}

describe('refunds by line and quantity', () => {
  it('gives back the chosen quantities, linked to the sale, with negative prices', () => {
    const note = refund([], [1, 0]);
    expect(note).toMatchObject({
      kind: 'credit_note',
      refundOf: 'sale-1',
      items: [{ id: 'CAFE', price: -2500, quantity: 1 }],
      total: -2500,
    });
    expect(refundableLines(sale, [note]).map((l) => l.remaining)).toEqual([2, 2]);
  });

  it('stops at zero: a second full refund is refused, what is left can still go', () => {
    const first = refund([], [2, 2]);
    const second = refund([first], [1, 0]);
    expect(refundableLines(sale, [first, second]).map((l) => l.remaining)).toEqual([0, 0]);
    const again = refundCreditNote(sale, [first, second], [1, 0], init());
    expect(again.ok).toBe(false);
    const nothing = refundCreditNote(sale, [first, second], [0, 0], init());
    expect(nothing.ok).toBe(false);
    // What the till allowed is exactly what the relay's over-refund check accepts.
    expect(overRefund(sale, [first, second])).toBeUndefined();
  });

  it('ignores void notes and notes of other sales; a void sale has nothing to refund', () => {
    const note = refund([], [3, 2]);
    const voided = voidBill(note);
    if (!voided.ok) throw new Error('void refused');
    const other = { ...note, id: 'note-x', refundOf: 'sale-2' };
    expect(refundableLines(sale, [voided.value, other]).map((l) => l.remaining)).toEqual([3, 2]);
    const voidSale = voidBill(sale);
    if (!voidSale.ok) throw new Error('void refused');
    expect(refundableLines(voidSale.value, []).map((l) => l.remaining)).toEqual([0, 0]);
  });

  it('refuses a quantity above what is left on a line', () => {
    const result = refundCreditNote(sale, [], [4, 0], init());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toMatchObject({ field: 'items.0.quantity' });
  });
});
