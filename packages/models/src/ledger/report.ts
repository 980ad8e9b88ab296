// GET /api/v1/reports as a pure function over day aggregates, so the relay and a cloud reporter
// reading DynamoDB give the same rows from the same code.
import { roundedMean } from '../report.js';
import type { MinorUnits } from '../types.js';
import type { DayAggregate } from './day-aggregate.js';
import { mergeInto, mergeStat, type Stat } from './stats.js';

export const REPORT_DIMENSIONS = [
  'day',
  'week',
  'month',
  'till',
  'tender',
  'hour',
  'item',
] as const;
export type ReportBy = (typeof REPORT_DIMENSIONS)[number];

export interface ReportRow {
  key: string;
  total: MinorUnits;
  count: number;
  /** round(total / count), halves away from zero. */
  average: MinorUnits;
  max: MinorUnits;
  min: MinorUnits;
}

export interface ReportTotals {
  total: MinorUnits;
  count: number;
  average: MinorUnits;
  max: MinorUnits | null;
  min: MinorUnits | null;
}

export interface Report {
  from: string;
  to: string;
  by: ReportBy;
  rows: ReportRow[];
  /** Over every row: null figures when there is nothing in the range. */
  totals: ReportTotals;
}

/** ISO-8601 week of a YYYY-MM-DD date, "YYYY-Www" (weeks start on Monday; week 1 holds 4 January). */
export function isoWeek(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const weekday = (day.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(day.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const firstThursday = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - firstThursday) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function row(key: string, stat: Stat): ReportRow {
  return {
    key,
    total: stat.total,
    count: stat.count,
    average: roundedMean(BigInt(stat.total), stat.count),
    max: stat.max,
    min: stat.min,
  };
}

const KEY_OF_DATE: Partial<Record<ReportBy, (date: string) => string>> = {
  day: (date) => date,
  week: isoWeek,
  month: (date) => date.slice(0, 7),
};

const MAP_OF: Partial<Record<ReportBy, 'byTill' | 'byTender' | 'byHour' | 'byItem'>> = {
  till: 'byTill',
  tender: 'byTender',
  hour: 'byHour',
  item: 'byItem',
};

/**
 * The report over the aggregates of the days from..to (others are ignored), rows sorted by key.
 * For `item`, count is net units sold (refunds taken off) and max/min the highest and lowest
 * unit price.
 */
export function buildReport(
  aggregates: Iterable<DayAggregate>,
  range: { from: string; to: string; by: ReportBy },
): Report {
  const { from, to, by } = range;
  const rows = new Map<string, Stat>();
  const keyOfDate = KEY_OF_DATE[by];
  const mapName = MAP_OF[by];
  for (const aggregate of aggregates) {
    if (aggregate.date < from || aggregate.date > to) continue;
    if (keyOfDate) {
      if (aggregate.bills) mergeInto(rows, keyOfDate(aggregate.date), aggregate.bills);
    } else if (mapName) {
      for (const [key, stat] of aggregate[mapName]) mergeInto(rows, key, stat);
    }
  }
  const keys = [...rows.keys()].sort();
  let all: Stat | undefined;
  for (const key of keys) {
    const stat = rows.get(key)!;
    if (all) mergeStat(all, stat);
    else all = { ...stat };
  }
  return {
    from,
    to,
    by,
    rows: keys.map((key) => row(key, rows.get(key)!)),
    totals: all ? totalsOf(all) : { total: 0, count: 0, average: 0, max: null, min: null },
  };
}

function totalsOf(stat: Stat): ReportTotals {
  const { total, count, average, max, min } = row('', stat);
  return { total, count, average, max, min };
}

function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The report's rows as CSV, header key,total,count,average,max,min; CRLF line ends (RFC 4180). */
export function reportCsv(report: Report): string {
  const lines = ['key,total,count,average,max,min'];
  for (const r of report.rows) {
    lines.push([r.key, r.total, r.count, r.average, r.max, r.min].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
