// The day aggregates that DynamoDB Streams keep fresh, for chains past per-day queries.
//
// The stream handler only marks a store's day dirty: bills are versioned and a stream delivers
// records at least once, in any order across shards, so counting a record into a running total
// would double-count replays and older versions. The scheduled recompute reads each dirty day's
// bill items and rewrites its AGGREGATE from them (recompute, never increment): running it twice,
// or on a day marked twice, gives the same item. A day marked again while it was being
// recomputed keeps its marker (the clear is conditional on the marker's time) and is done again.
import { aggregateDay } from '@caja/models';
import { BILL_SK_PREFIX, dayDigest } from '@caja/relay/dynamo';
import { mapConcurrent, type DayTable } from './day-table.js';
import { dayId, parseDayPk, type DayKey } from './layout.js';

/** The part of a DynamoDB Streams record the handler reads (Keys come with every view type). */
export interface StreamRecord {
  eventName?: string;
  dynamodb?: { Keys?: Record<string, { S?: string } | undefined> };
}

/** The store-days whose bill items a batch of stream records touched, each once. */
export function dirtyDaysOf(records: readonly StreamRecord[]): DayKey[] {
  const days = new Map<string, DayKey>();
  for (const record of records) {
    const keys = record.dynamodb?.Keys;
    // Only bill items: the aggregate and marker writes come back through the stream too.
    if (!keys?.sk?.S?.startsWith(BILL_SK_PREFIX)) continue;
    const day = parseDayPk(keys.pk?.S);
    if (day) days.set(dayId(day), day);
  }
  return [...days.values()];
}

export async function markDirtyDays(
  table: DayTable,
  records: readonly StreamRecord[],
  now: () => Date,
  concurrency: number,
): Promise<DayKey[]> {
  const days = dirtyDaysOf(records);
  const markedAt = now().toISOString();
  await mapConcurrent(days, concurrency, (day) => table.markDirty(day, markedAt));
  return days;
}

export interface RecomputeResult {
  recomputed: DayKey[];
  /** Marked again while being recomputed: done again by the next run. */
  remarked: DayKey[];
  invalidItems: number;
}

/** Rewrites the aggregate of every day marked dirty, then clears the markers it saw. */
export async function recomputeDirtyDays(
  table: DayTable,
  options: { timeZone: string; now: () => Date; concurrency: number },
): Promise<RecomputeResult> {
  const dirty = await table.listDirty();
  const result: RecomputeResult = { recomputed: [], remarked: [], invalidItems: 0 };
  await mapConcurrent(dirty, options.concurrency, async (day) => {
    result.invalidItems += await recomputeDay(table, day, options);
    if (await table.clearDirty(day)) result.recomputed.push(day);
    else result.remarked.push(day);
  });
  return result;
}

/** Rewrites one day's aggregate from its bill items; returns how many items were not bills. */
export async function recomputeDay(
  table: DayTable,
  day: DayKey,
  options: { timeZone: string; now: () => Date },
): Promise<number> {
  const { bills, invalid } = await table.readBills(day);
  await table.putAggregate(day, {
    aggregate: aggregateDay(day.date, bills, options.timeZone),
    timeZone: options.timeZone,
    digest: dayDigest(bills),
    billCount: bills.length,
    computedAt: options.now().toISOString(),
  });
  return invalid.length;
}
