import type { Bill, DailyShift } from './types.js';
import { emptyRecord } from './records.js';
import { makeShift } from './totals.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The one rule for a business day, used by the validator, the snapshot writer and its loader:
 * YYYY-MM-DD with a four-digit year (1000 to 9999) and a real calendar date. A day outside it
 * ("999-06-01", "+10000-01-01") would sort wrongly, break DynamoDB keys and make the snapshot
 * unreadable, so no part of the relay may produce or accept one.
 */
export function isBusinessDay(day: string): boolean {
  const match = DAY.exec(day);
  if (!match) return false;
  const [year, month, date] = match.slice(1, 4).map(Number) as [number, number, number];
  if (year < 1000 || month < 1 || month > 12 || date < 1) return false;
  // Date.UTC rolls February 30 over into March: a real date survives the round trip.
  const instant = new Date(Date.UTC(year, month - 1, date));
  return instant.getUTCMonth() === month - 1 && instant.getUTCDate() === date;
}

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
  const day = `${part('year')}-${part('month')}-${part('day')}`;
  if (!isBusinessDay(day)) {
    throw new RangeError(`${String(createdAt)} falls on ${day}, not a business day (YYYY-MM-DD)`);
  }
  return day;
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
  const shifts = emptyRecord<DailyShift>();
  for (const day of [...byDay.keys()].sort()) shifts[day] = makeShift(day, byDay.get(day) ?? []);
  return shifts;
}

/** YYYY-MM-DD plus n days (calendar arithmetic in UTC, no time zone involved). */
export function addDays(date: string, days: number): string {
  const instant = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`Not a date: ${date}`);
  instant.setUTCDate(instant.getUTCDate() + days);
  return instant.toISOString().slice(0, 10);
}

/**
 * Every date from..to inclusive (YYYY-MM-DD, calendar days, no time zone involved). Throws a
 * RangeError on malformed or reversed dates.
 */
export function datesBetween(from: string, to: string): string[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to))
    throw new RangeError('dates must be YYYY-MM-DD');
  if (Number.isNaN(Date.parse(`${from}T00:00:00Z`)) || Number.isNaN(Date.parse(`${to}T00:00:00Z`)))
    throw new RangeError('not a calendar date');
  if (to < from) throw new RangeError(`from ${from} is after to ${to}`);
  const dates: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) dates.push(day);
  return dates;
}
