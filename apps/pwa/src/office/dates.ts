// Calendar arithmetic on YYYY-MM-DD strings (business days), in UTC so no zone shifts them.
import { addDays, businessDay } from '@caja/models';

export { addDays };

export const today = (timeZone: string, now: Date = new Date()) => businessDay(now, timeZone);

/** Whole days from..to, both included. */
export function daysBetween(from: string, to: string): number {
  return (
    Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1
  );
}

/** 0 = Monday … 6 = Sunday (ISO), of a business day. */
export function weekdayOf(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** The same number of days just before from..to: what "previous period" compares with. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const length = daysBetween(from, to);
  return { from: addDays(from, -length), to: addDays(from, -1) };
}
