// The reporter's own items, beside the relay's bill and SUMMARY items (same table, same keys):
// - a day's AGGREGATE (sk `AGGREGATE` under the day's pk): every report figure of the day
//   (DayAggregate), with the digest of the bills it was computed from and the zone of its hours;
// - a dirty marker (pk `AGGREGATE#DIRTY`, sk `{date}#{storeId}`): the day's bills changed since its
//   aggregate was computed. The stream handler writes markers; the recompute clears them.
import {
  aggregateFromJson,
  aggregateToJson,
  type DayAggregate,
  type DayAggregateJson,
} from '@caja/models';
import { dayPk } from '@caja/relay/dynamo';

export const AGGREGATE_SK = 'AGGREGATE';
export const DIRTY_PK = 'AGGREGATE#DIRTY';
const SHIFT_PK = /^SHIFT#([A-Za-z0-9_-]{1,64})#(\d{4}-\d{2}-\d{2})$/;

export interface DayKey {
  storeId: string;
  date: string;
}

/** One string per store-day, for Maps. */
export function dayId({ storeId, date }: DayKey): string {
  return `${date}#${storeId}`;
}

/** Store and day of a relay pk `SHIFT#{STORE_ID}#{YYYY-MM-DD}`; undefined for other keys. */
export function parseDayPk(pk: unknown): DayKey | undefined {
  const match = typeof pk === 'string' ? SHIFT_PK.exec(pk) : null;
  return match ? { storeId: match[1]!, date: match[2]! } : undefined;
}

export interface StoredAggregate {
  aggregate: DayAggregate;
  /** The zone whose local hours `byHour` counts. */
  timeZone: string;
  /** Digest (version 1, as in SUMMARY) of the bills it was computed from. */
  digest: string;
  billCount: number;
  computedAt: string;
}

export function aggregateKey(day: DayKey) {
  return { pk: dayPk(day.storeId, day.date), sk: AGGREGATE_SK };
}

/** The aggregate is kept as JSON strings: maps of per-item figures as DynamoDB maps would cost a
 * type tag per number and a slower (un)marshalling, for nothing a query needs. The per-item
 * figures (most of the size) have their own attribute, `byItem`, which only an `item` report
 * reads. An item written before that split holds them inside `aggregate`: still read. */
export function aggregateToItem(day: DayKey, stored: StoredAggregate): Record<string, unknown> {
  const { byItem, ...rest } = aggregateToJson(stored.aggregate);
  return {
    ...aggregateKey(day),
    aggregate: JSON.stringify({ ...rest, byItem: [] }),
    byItem: JSON.stringify(byItem),
    timeZone: stored.timeZone,
    digest: stored.digest,
    billCount: stored.billCount,
    computedAt: stored.computedAt,
  };
}

/** undefined for an item that is not a well-formed aggregate (it is then recomputed or bypassed).
 * Without a `byItem` attribute (not projected), byItem is whatever `aggregate` holds. */
export function itemToAggregate(item: Record<string, unknown>): StoredAggregate | undefined {
  const { aggregate, byItem, timeZone, digest, billCount, computedAt } = item;
  if (
    typeof aggregate !== 'string' ||
    (byItem !== undefined && typeof byItem !== 'string') ||
    typeof timeZone !== 'string' ||
    typeof digest !== 'string' ||
    typeof billCount !== 'number' ||
    typeof computedAt !== 'string'
  )
    return undefined;
  try {
    const json = JSON.parse(aggregate) as DayAggregateJson;
    if (byItem !== undefined) json.byItem = JSON.parse(byItem) as DayAggregateJson['byItem'];
    return { aggregate: aggregateFromJson(json), timeZone, digest, billCount, computedAt };
  } catch {
    return undefined;
  }
}

export function dirtyKey(day: DayKey) {
  return { pk: DIRTY_PK, sk: dayId(day) };
}

export function parseDirtySk(sk: unknown): DayKey | undefined {
  if (typeof sk !== 'string') return undefined;
  const date = sk.slice(0, 10);
  const storeId = sk.slice(11);
  return parseDayPk(`SHIFT#${storeId}#${date}`);
}
