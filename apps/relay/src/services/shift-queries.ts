// Read side: a day's shift and summaries over a range of days, with the date rules checked here
// so the HTTP edge only maps codes.
import {
  addDays,
  businessDay,
  isBusinessDay,
  type DailyShift,
  type MoneyPlaces,
} from '@caja/models';
import type { BillStore, ShiftSummary } from '../storage/index.js';
import type { Sync } from '../sync/sync.js';
import { moneyPlaces } from './money-places.js';

/** A range of days asked for at once; a year of summaries is one screen of a report. */
export const MAX_SHIFT_RANGE_DAYS = 366;
/** `GET /shifts` without from/to: the last 31 days up to today. */
export const DEFAULT_SHIFT_RANGE_DAYS = 31;

export type ShiftQueryRejection =
  /** Not YYYY-MM-DD, or not a real day (2026-02-30): the store keys shifts by that text. */
  | 'invalid_date'
  /** from after to: almost always swapped parameters; an empty list would hide the mistake. */
  | 'invalid_range'
  /** More than MAX_SHIFT_RANGE_DAYS days: bounds the work of one request. */
  | 'range_too_large';

export type QueryResult<T> =
  { ok: true; value: T } | { ok: false; code: ShiftQueryRejection; message: string; field: string };

export interface ShiftSummaryWithTills {
  date: string;
  total: number;
  billCount: number;
  byTill: DailyShift['byTill'];
}

export class ShiftQueryService {
  constructor(
    private readonly store: BillStore,
    private readonly timeZone: string,
    private readonly now: () => Date,
  ) {}

  today(): string {
    return businessDay(this.now(), this.timeZone);
  }

  day(date: string): QueryResult<DailyShift> {
    const problem = dateProblem(date, 'date');
    if (problem) return problem;
    return { ok: true, value: this.store.shift(date) };
  }

  /** What the live-updates stream and till dashboards show: totals without the bill list. */
  summary(date: string): ShiftSummaryWithTills {
    const { total, billCount, byTill } = this.store.shift(date);
    return { date, total, billCount, byTill };
  }

  /** A day's bills and money at the relay and in DynamoDB, and what waits over every day. */
  moneyPlaces(
    date: unknown,
    sync: Pick<Sync, 'billSyncState' | 'isDayConfirmed'>,
  ): QueryResult<MoneyPlaces> {
    const day = date === undefined ? this.today() : date;
    if (typeof day !== 'string') return badDate('date', day);
    const problem = dateProblem(day, 'date');
    if (problem) return problem;
    const sources = {
      shift: (d: string) => this.store.shift(d),
      shifts: (from: string, to: string) => this.store.shifts(from, to),
      billSyncState: (id: string) => sync.billSyncState(id),
      isDayConfirmed: (d: string) => sync.isDayConfirmed(d),
    };
    return { ok: true, value: moneyPlaces(sources, day) };
  }

  range(from: unknown, to: unknown): QueryResult<ShiftSummary[]> {
    const range = parseDayRange(from, to, this.today(), MAX_SHIFT_RANGE_DAYS);
    if (!range.ok) return range;
    return { ok: true, value: this.store.shifts(range.value.from, range.value.to) };
  }
}

/**
 * from/to query parameters: real days, from <= to, at most `maxDays` days; `to` defaults to
 * `today` and `from` to the 31 days up to `to`.
 */
export function parseDayRange(
  from: unknown,
  to: unknown,
  today: string,
  maxDays: number,
): QueryResult<{ from: string; to: string }> {
  const end = to === undefined ? today : to;
  if (typeof end !== 'string') return badDate('to', end);
  const endProblem = dateProblem(end, 'to');
  if (endProblem) return endProblem;
  const start = from === undefined ? addDays(end, -(DEFAULT_SHIFT_RANGE_DAYS - 1)) : from;
  if (typeof start !== 'string') return badDate('from', start);
  const startProblem = dateProblem(start, 'from');
  if (startProblem) return startProblem;
  if (start > end) {
    return {
      ok: false,
      code: 'invalid_range',
      field: 'from',
      message: `from (${start}) is after to (${end})`,
    };
  }
  const days = daysBetween(start, end) + 1;
  if (days > maxDays) {
    return {
      ok: false,
      code: 'range_too_large',
      field: 'to',
      message: `A range may span at most ${maxDays} days; ${start} to ${end} is ${days}`,
    };
  }
  return { ok: true, value: { from: start, to: end } };
}

export function dateProblem(text: string, field: string): QueryResult<never> | undefined {
  return isBusinessDay(text) ? undefined : badDate(field, text);
}

function badDate(field: string, value: unknown): QueryResult<never> {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : 'a list';
  return {
    ok: false,
    code: 'invalid_date',
    field,
    message: `${field} must be a real day written YYYY-MM-DD, like 2026-11-27; got ${shown}`,
  };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
