// Figures over a range of days, as the original register's reporter gave them: totals, the
// largest, smallest and average bill, and the largest, smallest and average day.
import { addMoney, countedTotal } from './totals.js';
import type { DailyShift, MinorUnits } from './types.js';

export interface BillFigure {
  id: string;
  /** Business day of the bill. */
  date: string;
  total: MinorUnits;
}

export interface DayFigure {
  date: string;
  total: MinorUnits;
}

export interface RangeReport {
  /** First and last business day in the input; null when there is none. */
  from: string | null;
  to: string | null;
  /** Sum of the days' totals: void bills add zero, credit notes subtract. */
  total: MinorUnits;
  /** Every listed bill, void ones included, as in DailyShift.billCount. */
  billCount: number;
  /** Over closed sales only (see rangeReport). Null when there is none. */
  largestBill: BillFigure | null;
  smallestBill: BillFigure | null;
  /** Mean closed sale, rounded to a whole minor unit (see roundedMean); 0 when there is none. */
  averageBill: MinorUnits;
  /** Over the days given. Null when there is none. */
  largestDay: DayFigure | null;
  smallestDay: DayFigure | null;
  /** Mean day total, rounded like averageBill; 0 when no day is given. */
  averageDay: MinorUnits;
}

/**
 * sum / count to the nearest whole minor unit, halves away from zero (2.5 → 3, -2.5 → -3), in
 * exact integer arithmetic: money reports must not depend on float rounding. 0 for no values.
 */
export function roundedMean(sum: bigint, count: number): MinorUnits {
  if (count === 0) return 0;
  const divisor = BigInt(count);
  const quotient = sum / divisor; // truncates toward zero
  const remainder = sum - quotient * divisor;
  const absRemainder = remainder < 0n ? -remainder : remainder;
  const rounded = 2n * absRemainder >= divisor ? quotient + (remainder < 0n ? -1n : 1n) : quotient;
  return Number(rounded) || 0;
}

/**
 * The report over the given shifts (any order). Ties go to the earliest day, then the earliest
 * bill. Bill figures cover closed sales only: a void bill counts zero and a credit note is a
 * refund, so either would make "smallest bill" and "average bill" say nothing about sales.
 * Day figures cover exactly the shifts given: pass empty shifts for days without bills if they
 * should pull the average down.
 */
export function rangeReport(shifts: readonly DailyShift[]): RangeReport {
  const days = [...shifts].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let total = 0n;
  let billCount = 0;
  let saleSum = 0n;
  let saleCount = 0;
  let largestBill: BillFigure | null = null;
  let smallestBill: BillFigure | null = null;
  let largestDay: DayFigure | null = null;
  let smallestDay: DayFigure | null = null;

  for (const shift of days) {
    let dayTotal = 0;
    for (const bill of shift.bills) {
      dayTotal = addMoney(dayTotal, countedTotal(bill));
      billCount += 1;
      if (bill.status === 'void' || bill.kind !== 'sale') continue;
      saleSum += BigInt(bill.total);
      saleCount += 1;
      const figure = { id: bill.id, date: shift.date, total: bill.total };
      if (!largestBill || figure.total > largestBill.total) largestBill = figure;
      if (!smallestBill || figure.total < smallestBill.total) smallestBill = figure;
    }
    total += BigInt(dayTotal);
    const day = { date: shift.date, total: dayTotal };
    if (!largestDay || day.total > largestDay.total) largestDay = day;
    if (!smallestDay || day.total < smallestDay.total) smallestDay = day;
  }

  return {
    from: days[0]?.date ?? null,
    to: days.at(-1)?.date ?? null,
    // Summed as bigint, but reported as a number: refuse rather than round.
    total: addMoney(0, Number(total)),
    billCount,
    largestBill,
    smallestBill,
    averageBill: roundedMean(saleSum, saleCount),
    largestDay,
    smallestDay,
    averageDay: roundedMean(total, days.length),
  };
}
