import { recordFrom } from './records.js';
import type { Bill, DailyShift, LineItem, MinorUnits, TillTotals } from './types.js';

/**
 * a + b for money. Doubles add integers exactly only up to 2^53 − 1 (Number.MAX_SAFE_INTEGER);
 * past it a day, month or grand total would be silently rounded and two endpoints disagree. A
 * bill is bounded (wire rules: 10^10) so no real shop gets there, but every money sum goes
 * through here so that one which would is refused loudly instead of being wrong.
 */
export function addMoney(a: MinorUnits, b: MinorUnits): MinorUnits {
  const sum = a + b;
  // Beyond the limit, not "not an integer": malformed amounts are the validator's to name.
  if (Math.abs(sum) > Number.MAX_SAFE_INTEGER) throw new InexactSumError(a, b);
  return sum;
}

/** amount × count for money (a line's price × quantity), under the same guard as addMoney. */
export function multiplyMoney(amount: MinorUnits, count: number): MinorUnits {
  const product = amount * count;
  if (Math.abs(product) > Number.MAX_SAFE_INTEGER) throw new InexactSumError(amount, count, '×');
  return product;
}

/** A money sum that would pass 2^53 − 1 minor units, where doubles stop counting exactly. */
export class InexactSumError extends RangeError {
  override readonly name = 'InexactSumError';
  constructor(a: number, b: number, op = '+') {
    super(
      `A money total would pass ${Number.MAX_SAFE_INTEGER} minor units (${a} ${op} ${b}) and ` +
        'could no longer be counted exactly; split the figure (a shorter period) or check the ' +
        'bills for a corrupted amount.',
    );
  }
}

/** Sum of price × quantity, exact (see addMoney). */
export function linesTotal(items: readonly LineItem[]): MinorUnits {
  let total = 0;
  for (const item of items) total = addMoney(total, multiplyMoney(item.price, item.quantity));
  return total;
}

/** What a bill contributes to its day: a void bill stays listed but counts zero. */
export function countedTotal(bill: Bill): MinorUnits {
  return bill.status === 'void' ? 0 : bill.total;
}

/** Per-till totals of a set of bills; void bills count towards billCount but add zero. */
export function totalsByTill(bills: readonly Bill[]): Record<string, TillTotals> {
  // A Map, not an object literal: till ids such as "constructor" or "__proto__" are valid and
  // would find Object.prototype's members instead of a till.
  const byTill = new Map<string, TillTotals>();
  for (const bill of bills) {
    let till = byTill.get(bill.tillId);
    if (!till) byTill.set(bill.tillId, (till = { total: 0, billCount: 0 }));
    till.total = addMoney(till.total, countedTotal(bill));
    till.billCount += 1;
  }
  // Null prototype: a reader's byTill["toString"] finds no inherited function.
  return recordFrom(byTill);
}

/**
 * Order of bills within a day: by instant, then id. Compared as instants, not strings, because
 * "10:00-05:00" comes after "14:00Z" although it sorts before it as text.
 */
export function compareBills(a: Bill, b: Bill): number {
  const byInstant = Date.parse(a.createdAt) - Date.parse(b.createdAt);
  if (byInstant !== 0) return byInstant;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}

/** A day's shift from its bills (already of that day), ordered by creation time then id. */
export function makeShift(date: string, bills: readonly Bill[]): DailyShift {
  const sorted = [...bills].sort(compareBills);
  let total = 0;
  for (const bill of sorted) total = addMoney(total, countedTotal(bill));
  return { date, bills: sorted, total, billCount: sorted.length, byTill: totalsByTill(sorted) };
}
