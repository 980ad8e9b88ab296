// Pure operations on a bill for the till: each returns a new bill and never changes its input.
// Totals are always recomputed with linesTotal, and every result passes parseBill, so whatever
// the till builds, the relay accepts. Operations that can fail return a ParseResult with typed
// issues (quantity out of range, line not found, void bill) instead of throwing.
//
// Versions: line and payment operations edit a bill the till has not issued yet and keep its
// version. voidBill and reviseBill change an issued bill, so they add one (docs/api.md: "every
// modification of a bill adds one"), and the relay applies the newer version.
import { fail, type ParseResult } from './result.js';
import { linesTotal } from './totals.js';
import type { Bill, LineItem, MinorUnits, Payment } from './types.js';
import { parseBill } from './validation.js';

export type BillResult = ParseResult<Bill>;

/**
 * Lines merge when both id and price match (the same item at another price, such as a
 * markdown, stays a separate line), so {id, price} picks a line exactly. A plain id picks the
 * last line with that id, which is the one the cashier touched most recently.
 */
export type LineRef = string | { id: string; price: MinorUnits };

/** The returned bill when it satisfies the wire contract, else the contract's issues. */
function checked(candidate: Bill): BillResult {
  const parsed = parseBill(candidate);
  return parsed.ok ? { ok: true, value: candidate } : parsed;
}

function withItems(bill: Bill, items: LineItem[]): Bill {
  return { ...bill, items, total: linesTotal(items) };
}

function editable(bill: Bill): ParseResult<never> | undefined {
  // A void bill stays listed as it was when voided; changing it would rewrite history.
  if (bill.status === 'void') {
    return fail('not_allowed', '', `bill ${bill.id} is void and can no longer be changed`);
  }
  return undefined;
}

function findLine(bill: Bill, ref: LineRef): number {
  const matches = (line: LineItem) =>
    typeof ref === 'string' ? line.id === ref : line.id === ref.id && line.price === ref.price;
  return bill.items.findLastIndex(matches);
}

function lineNotFound(bill: Bill, ref: LineRef): ParseResult<never> {
  const what = typeof ref === 'string' ? ref : `${ref.id} at price ${ref.price}`;
  return fail('line_not_found', 'items', `bill ${bill.id} has no line ${what}`);
}

export interface NewBillInit {
  id: string;
  tillId: string;
  createdAt: string;
  /** The till's next bill number, when the till assigns it at creation. */
  number?: number;
}

/** An empty, closed sale at version 1. Id, time and number come from the caller. */
export function newBill(init: NewBillInit): Bill {
  const { number, ...rest } = init;
  const bill: Bill = { ...rest, version: 1, items: [], total: 0, kind: 'sale', status: 'closed' };
  if (number !== undefined) bill.number = number;
  return bill;
}

/** Adds a line, or adds its quantity to the line with the same id and price. */
export function addLine(bill: Bill, line: LineItem): BillResult {
  const refused = editable(bill);
  if (refused) return refused;
  const index = findLine(bill, { id: line.id, price: line.price });
  const existing = bill.items[index];
  if (!existing) return checked(withItems(bill, [...bill.items, { ...line }]));
  const merged = { ...existing, quantity: existing.quantity + line.quantity };
  return checked(withItems(bill, bill.items.with(index, merged)));
}

/** Sets a line's quantity (1 to 9,999); to drop a line use removeLine. */
export function setQuantity(bill: Bill, ref: LineRef, quantity: number): BillResult {
  const refused = editable(bill);
  if (refused) return refused;
  const index = findLine(bill, ref);
  const existing = bill.items[index];
  if (!existing) return lineNotFound(bill, ref);
  return checked(withItems(bill, bill.items.with(index, { ...existing, quantity })));
}

export function removeLine(bill: Bill, ref: LineRef): BillResult {
  const refused = editable(bill);
  if (refused) return refused;
  const index = findLine(bill, ref);
  if (index < 0) return lineNotFound(bill, ref);
  return checked(withItems(bill, bill.items.toSpliced(index, 1)));
}

/** The till's "undo last line" key. */
export function removeLastLine(bill: Bill): BillResult {
  const refused = editable(bill);
  if (refused) return refused;
  if (bill.items.length === 0) {
    return fail('line_not_found', 'items', `bill ${bill.id} has no line to remove`);
  }
  return checked(withItems(bill, bill.items.slice(0, -1)));
}

/** Cash may be given as just the amount tendered; the change is then computed. */
export type PaymentInput = Payment | { method: 'cash'; tendered: MinorUnits; change?: undefined };

/** Records how the bill was paid; cash must cover the total and its change must balance. */
export function withPayment(bill: Bill, payment: PaymentInput): BillResult {
  const refused = editable(bill);
  if (refused) return refused;
  const complete: Payment =
    payment.method === 'cash' && payment.change === undefined
      ? { method: 'cash', tendered: payment.tendered, change: payment.tendered - bill.total }
      : { ...(payment as Payment) };
  return checked({ ...bill, payment: complete });
}

/**
 * A refund of a closed sale: the same lines with negated prices, as a new bill (its own id,
 * time and number, version 1) from the same till unless another is named, linked to the sale by
 * refundOf. The original stays as it was.
 */
export function makeCreditNote(
  original: Bill,
  init: { id: string; createdAt: string; tillId?: string; number?: number },
): BillResult {
  // Refunding a refund or a voided sale would give back money that was never taken.
  if (original.kind !== 'sale' || original.status !== 'closed') {
    return fail(
      'not_allowed',
      '',
      `only a closed sale can be refunded; bill ${original.id} is a ${original.status} ${original.kind.replace('_', ' ')}`,
    );
  }
  // 0 - price, not -price: a free line must stay 0, not become -0.
  const items = original.items.map((line) => ({ ...line, price: 0 - line.price }));
  const note: Bill = {
    ...newBill({
      id: init.id,
      tillId: init.tillId ?? original.tillId,
      createdAt: init.createdAt,
      ...(init.number === undefined ? {} : { number: init.number }),
    }),
    kind: 'credit_note',
    refundOf: original.id,
  };
  return checked(withItems(note, items));
}

/** Voids an issued bill: it stays listed, counts zero, and its version goes up by one. */
export function voidBill(bill: Bill): BillResult {
  const refused = editable(bill);
  if (refused) return refused;
  return checked({ ...bill, status: 'void', version: bill.version + 1 });
}

export interface BillChanges {
  items?: readonly LineItem[];
  /** A new payment, or null to remove it. */
  payment?: Payment | null;
}

/** Changes an issued bill's lines or payment as a new version (version + 1). */
export function reviseBill(bill: Bill, changes: BillChanges): BillResult {
  const refused = editable(bill);
  if (refused) return refused;
  const items = changes.items ? changes.items.map((line) => ({ ...line })) : bill.items;
  const revised: Bill = { ...withItems(bill, items), version: bill.version + 1 };
  if (changes.payment === null) delete revised.payment;
  else if (changes.payment) revised.payment = { ...changes.payment };
  return checked(revised);
}
