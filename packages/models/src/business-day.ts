import type { Bill, DailyShift } from './types.js';
import { makeShift } from './totals.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function dayFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-CA formats dates as YYYY-MM-DD; we still read the parts to be locale-proof.
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the runtime knows this IANA zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    dayFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The business day (YYYY-MM-DD) of an instant in the store's zone. It depends only on the bill's
 * createdAt, so a bill made at 23:59 belongs to that day however late it is uploaded.
 */
export function businessDay(createdAt: string | Date, timeZone: string): string {
  const instant = typeof createdAt === 'string' ? new Date(createdAt) : createdAt;
  if (Number.isNaN(instant.getTime())) throw new RangeError(`Not a date: ${String(createdAt)}`);
  const parts = dayFormatter(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Groups bills into daily shifts by business day; every bill lands in exactly one shift. */
export function groupIntoShifts(
  bills: readonly Bill[],
  timeZone: string,
): Record<string, DailyShift> {
  const byDay = new Map<string, Bill[]>();
  for (const bill of bills) {
    const day = businessDay(bill.createdAt, timeZone);
    const list = byDay.get(day);
    if (list) list.push(bill);
    else byDay.set(day, [bill]);
  }
  const shifts: Record<string, DailyShift> = {};
  for (const day of [...byDay.keys()].sort()) shifts[day] = makeShift(day, byDay.get(day) ?? []);
  return shifts;
}
