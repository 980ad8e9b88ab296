import type { Bill, DailyShift, LineItem, MinorUnits, TillTotals } from './types.js';

/** Sum of price × quantity. Integer arithmetic on integers stays exact up to 2^53. */
export function linesTotal(items: readonly LineItem[]): MinorUnits {
  let total = 0;
  for (const item of items) total += item.price * item.quantity;
  return total;
}

/** What a bill contributes to its day: a void bill stays listed but counts zero. */
export function countedTotal(bill: Bill): MinorUnits {
  return bill.status === 'void' ? 0 : bill.total;
}

/** Per-till totals of a set of bills; void bills count towards billCount but add zero. */
export function totalsByTill(bills: readonly Bill[]): Record<string, TillTotals> {
  const byTill: Record<string, TillTotals> = {};
  for (const bill of bills) {
    const till = (byTill[bill.tillId] ??= { total: 0, billCount: 0 });
    till.total += countedTotal(bill);
    till.billCount += 1;
  }
  return byTill;
}

/** A day's shift from its bills (already of that day), ordered by creation time then id. */
export function makeShift(date: string, bills: readonly Bill[]): DailyShift {
  const sorted = [...bills].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );
  let total = 0;
  for (const bill of sorted) total += countedTotal(bill);
  return { date, bills: sorted, total, billCount: sorted.length, byTill: totalsByTill(sorted) };
}
