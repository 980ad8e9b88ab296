// Linked refunds: what the credit notes naming a sale (refundOf) gave back, and whether they
// gave back more than the sale took, in total or in a line's quantity. Such a note is never
// refused (the cash already left the drawer): the relay stores it and lists it as an exception.
import type { Bill, MinorUnits } from '../types.js';

export interface RefundSummary {
  /** Positive minor units over non-void credit notes naming the sale. */
  refundedTotal: MinorUnits;
  /** Ids of those notes, in the order given. */
  creditNotes: string[];
}

export function refundSummary(notes: Iterable<Bill>): RefundSummary {
  let refundedTotal = 0;
  const creditNotes: string[] = [];
  for (const note of notes) {
    if (note.status === 'void' || note.kind !== 'credit_note') continue;
    refundedTotal -= note.total;
    creditNotes.push(note.id);
  }
  return { refundedTotal: refundedTotal || 0, creditNotes };
}

export interface OverRefund {
  saleTotal: MinorUnits;
  refundedTotal: MinorUnits;
  /** Lines refunded in a larger quantity than sold (or not on the sale at all: sold 0). */
  lines: { itemId: string; sold: number; refunded: number }[];
  /** The sale is absent (not received, or cleaned up) or void: nothing was there to refund. */
  saleMissing?: boolean;
  saleVoid?: boolean;
}

/** Why the notes over-refund the sale, or undefined when they do not. */
export function overRefund(sale: Bill | undefined, notes: Iterable<Bill>): OverRefund | undefined {
  const live = [...notes].filter((note) => note.status !== 'void' && note.kind === 'credit_note');
  if (live.length === 0) return undefined;
  const { refundedTotal } = refundSummary(live);
  const sold = new Map<string, number>();
  if (sale && sale.status !== 'void') {
    for (const line of sale.items) sold.set(line.id, (sold.get(line.id) ?? 0) + line.quantity);
  }
  const refunded = new Map<string, number>();
  for (const note of live) {
    for (const line of note.items) {
      refunded.set(line.id, (refunded.get(line.id) ?? 0) + line.quantity);
    }
  }
  const lines: OverRefund['lines'] = [];
  for (const [itemId, quantity] of refunded) {
    const soldQuantity = sold.get(itemId) ?? 0;
    if (quantity > soldQuantity) lines.push({ itemId, sold: soldQuantity, refunded: quantity });
  }
  const saleTotal = sale && sale.status !== 'void' ? sale.total : 0;
  if (refundedTotal <= saleTotal && lines.length === 0) return undefined;
  const result: OverRefund = { saleTotal, refundedTotal, lines };
  if (!sale) result.saleMissing = true;
  else if (sale.status === 'void') result.saleVoid = true;
  return result;
}
