// Turning the relay's report into what the screen shows: weekday rows (from the day rows), row
// labels, and the change against the previous period. Pure, so unit tests pin it.
import { weekdayOf } from './dates.js';
import type { Report, ReportRow } from './types.js';

export type ReportDimension =
  'day' | 'week' | 'month' | 'hour' | 'weekday' | 'till' | 'tender' | 'item';

/** What the relay is asked for: weekday is built here from days. */
export const relayDimension = (by: ReportDimension) => (by === 'weekday' ? 'day' : by);

/** Day rows folded into Monday…Sunday ('0'…'6'), keeping the same row statistics. */
export function byWeekday(days: readonly ReportRow[]): ReportRow[] {
  const rows = new Map<number, ReportRow>();
  for (const day of days) {
    const weekday = weekdayOf(day.key);
    const row = rows.get(weekday);
    if (!row) {
      rows.set(weekday, { ...day, key: String(weekday) });
      continue;
    }
    row.total += day.total;
    row.count += day.count;
    row.max = maxOf(row.max, day.max);
    row.min = minOf(row.min, day.min);
    row.average = row.count === 0 ? 0 : Math.round(row.total / row.count);
  }
  return [...rows.values()].sort((a, b) => Number(a.key) - Number(b.key));
}

export function viewRows(report: Report, by: ReportDimension): ReportRow[] {
  return by === 'weekday' ? byWeekday(report.rows) : report.rows;
}

/** Percent change of the total, or null when the previous period sold nothing. */
export function change(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return Math.round(((current - previous) / Math.abs(previous)) * 1000) / 10;
}

function maxOf(a: number | null, b: number | null) {
  return a === null ? b : b === null ? a : Math.max(a, b);
}
function minOf(a: number | null, b: number | null) {
  return a === null ? b : b === null ? a : Math.min(a, b);
}
