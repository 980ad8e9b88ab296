// What is left to refund of a sale, line by line, given the credit notes that name it, and the
// credit note for a chosen quantity of each line. Quantities are counted per item id, the same
// rule overRefund uses, so what the till offers is exactly what the relay will not flag.
import { makeCreditNote, type BillResult } from '../bill-operations.js';
import { fail } from '../result.js';
import { linesTotal } from '../totals.js';
import type { Bill, LineItem } from '../types.js';

export interface RefundableLine {
  /** Index of the line on the sale. */
  index: number;
  line: LineItem;
  /** Quantity already given back on this line. */
  refunded: number;
  /** Quantity that can still be given back (0 when done). */
  remaining: number;
}

/**
 * The sale's lines with what is left to refund. Notes that are void, not credit notes, or name
 * another sale count nothing. Refunds of an item id are taken from its lines in order.
 */
export function refundableLines(sale: Bill, notes: Iterable<Bill>): RefundableLine[] {
  const refundedById = new Map<string, number>();
  for (const note of notes) {
    if (note.kind !== 'credit_note' || note.status === 'void' || note.refundOf !== sale.id)
      continue;
    for (const line of note.items) {
      refundedById.set(line.id, (refundedById.get(line.id) ?? 0) + line.quantity);
    }
  }
  return sale.items.map((line, index) => {
    const left = refundedById.get(line.id) ?? 0;
    const refunded = Math.min(left, line.quantity);
    refundedById.set(line.id, left - refunded);
    const remaining = sale.status === 'void' ? 0 : line.quantity - refunded;
    return { index, line, refunded, remaining };
  });
}

/**
 * A credit note giving back `quantities[i]` of the sale's line i (0 or absent: nothing), linked
 * to the sale. Refused when nothing is chosen or a quantity exceeds what is left on its line:
 * the till stops at zero; only money that really moved past that check is ever stored.
 */
export function refundCreditNote(
  sale: Bill,
  notes: Iterable<Bill>,
  quantities: readonly number[],
  init: { id: string; createdAt: string; tillId?: string },
): BillResult {
  const lines = refundableLines(sale, notes);
  const chosen: LineItem[] = [];
  for (const { index, line, remaining } of lines) {
    const quantity = quantities[index] ?? 0;
    if (!Number.isInteger(quantity) || quantity < 0 || quantity > remaining) {
      // More than is left would give back money the sale never took (an over-refund).
      return fail(
        'out_of_range',
        `items.${index}.quantity`,
        `line ${index + 1} (${line.name ?? line.id}) has ${remaining} left to refund, not ${quantity}`,
      );
    }
    if (quantity > 0) chosen.push({ ...line, quantity });
  }
  if (chosen.length === 0) {
    return fail('out_of_range', 'items', `nothing chosen to refund of bill ${sale.id}`);
  }
  return makeCreditNote({ ...sale, items: chosen, total: linesTotal(chosen) }, init);
}
