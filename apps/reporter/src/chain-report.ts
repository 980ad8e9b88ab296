// A chain's report: the relay's GET /api/v1/reports over several stores, from DynamoDB. Each
// store-day comes from its AGGREGATE item when that is current (its digest equals the SUMMARY's,
// which the relay writes once the day's bills are all in DynamoDB, and its hours are in the
// asked zone), otherwise from the day's bill items. Either way the figures come from the same
// pure code as the relay's (aggregateDay, buildReport), so both give the same report.
import {
  aggregateDay,
  buildReport,
  datesBetween,
  type DayAggregate,
  type Report,
} from '@caja/models';
import { mapConcurrent, type DayTable } from './day-table.js';
import { dayId, type DayKey } from './layout.js';
import type { ReportRequest } from './request.js';

export interface ChainReport extends Report {
  storeIds: string[];
}

export interface ReportSources {
  /** Store-days answered by their AGGREGATE item. */
  fromAggregates: number;
  /** Store-days read bill by bill. */
  fromBills: number;
  /** Bill items that are not valid bills (left out). */
  invalidItems: Array<{ storeId: string; date: string; id: string; reason: string }>;
}

export interface ReportOptions {
  /** Requests in flight (BatchGetItem batches, day Queries). */
  concurrency: number;
  /** false: every day from its bill items (the baseline the benchmark compares with). */
  useAggregates?: boolean;
  onSources?(sources: ReportSources): void;
}

export async function chainReport(
  table: DayTable,
  request: ReportRequest,
  options: ReportOptions,
): Promise<ChainReport> {
  const dates = datesBetween(request.from, request.to);
  const days: DayKey[] = request.storeIds.flatMap((storeId) =>
    dates.map((date) => ({ storeId, date })),
  );
  const useAggregates = options.useAggregates ?? true;
  const heads = useAggregates
    ? await table.readHeads(days, options.concurrency, request.by === 'item')
    : new Map();
  const aggregates: DayAggregate[] = [];
  const toRead: DayKey[] = [];
  for (const day of days) {
    const head = heads.get(dayId(day));
    const stored = head?.aggregate;
    const current =
      stored !== undefined &&
      head?.summary !== undefined &&
      stored.digest === head.summary.digest &&
      stored.billCount === head.summary.billCount &&
      (request.by !== 'hour' || stored.timeZone === request.timeZone);
    if (current) aggregates.push(stored.aggregate);
    else toRead.push(day);
  }
  const sources: ReportSources = {
    fromAggregates: aggregates.length,
    fromBills: toRead.length,
    invalidItems: [],
  };
  await mapConcurrent(toRead, options.concurrency, async (day) => {
    const { bills, invalid } = await table.readBills(day);
    for (const item of invalid) sources.invalidItems.push({ ...day, ...item });
    if (bills.length > 0) aggregates.push(aggregateDay(day.date, bills, request.timeZone));
  });
  options.onSources?.(sources);
  const report = buildReport(aggregates, request);
  return { ...report, storeIds: [...request.storeIds] };
}
