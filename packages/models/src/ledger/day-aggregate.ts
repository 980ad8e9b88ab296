// What one business day contributes to reports, computed once from its bills and kept: local
// cleanup drops a day's bills after LOCAL_RETENTION_DAYS, its aggregate stays, so reports reach
// back further than the bills. Counts non-void bills only; credit notes count with their negative
// totals, as in the day's total.
import { addMoney, multiplyMoney } from '../totals.js';
import type { Bill } from '../types.js';
import { addToKey, addToStat, mergeInto, mergeStat, type Stat } from './stats.js';

export interface DayAggregate {
  date: string;
  /** Over non-void bills: total (equal to the shift's total), count, largest and smallest. */
  bills: Stat | null;
  byTill: Map<string, Stat>;
  /** By payment method; a bill without a payment counts as "other". */
  byTender: Map<string, Stat>;
  /** By local hour of createdAt, "00" to "23". */
  byHour: Map<string, Stat>;
  /** By item id: total of its lines, net units sold (refunded ones taken off), largest and
   * smallest unit price. */
  byItem: Map<string, Stat>;
}

/** The tender a bill counts under in reports and the Z. */
export function tenderOf(bill: Bill): 'cash' | 'card' | 'other' {
  return bill.payment?.method ?? 'other';
}

const hourFormatters = new Map<string, Intl.DateTimeFormat>();
/** Local hour by quarter hour since the epoch: every zone's offset is a multiple of 15 minutes. */
const hourCache = new Map<string, Map<number, string>>();
const QUARTER_MS = 15 * 60 * 1000;

/** "00" to "23", the hour of an instant in the zone. */
export function localHour(createdAt: string, timeZone: string): string {
  const ms = Date.parse(createdAt);
  const quarter = Math.floor(ms / QUARTER_MS);
  let cache = hourCache.get(timeZone);
  if (!cache) hourCache.set(timeZone, (cache = new Map()));
  const cached = cache.get(quarter);
  if (cached !== undefined) return cached;
  let formatter = hourFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' });
    hourFormatters.set(timeZone, formatter);
  }
  const hour = formatter.formatToParts(ms).find((part) => part.type === 'hour')?.value ?? '00';
  // Bounded: a year of quarters is 35,040 entries; start again rather than grow forever.
  if (cache.size > 100_000) cache.clear();
  cache.set(quarter, hour);
  return hour;
}

export function emptyAggregate(date: string): DayAggregate {
  return {
    date,
    bills: null,
    byTill: new Map(),
    byTender: new Map(),
    byHour: new Map(),
    byItem: new Map(),
  };
}

/** Adds one bill to an aggregate in place (void bills add nothing). */
export function addBill(aggregate: DayAggregate, bill: Bill, timeZone: string): void {
  if (bill.status === 'void') return;
  if (aggregate.bills) addToStat(aggregate.bills, bill.total);
  else aggregate.bills = { total: bill.total, count: 1, max: bill.total, min: bill.total };
  addToKey(aggregate.byTill, bill.tillId, bill.total);
  addToKey(aggregate.byTender, tenderOf(bill), bill.total);
  addToKey(aggregate.byHour, localHour(bill.createdAt, timeZone), bill.total);
  // Units are net (a credit note's lines take units back) and a unit's price is its size, so
  // an item's average is still a price per unit after refunds.
  const sign = bill.kind === 'credit_note' ? -1 : 1;
  for (const line of bill.items) {
    const unitPrice = Math.abs(line.price);
    const stat = aggregate.byItem.get(line.id);
    if (!stat) {
      aggregate.byItem.set(line.id, {
        total: multiplyMoney(line.price, line.quantity),
        count: sign * line.quantity,
        max: unitPrice,
        min: unitPrice,
      });
      continue;
    }
    stat.total = addMoney(stat.total, multiplyMoney(line.price, line.quantity));
    stat.count += sign * line.quantity;
    if (unitPrice > stat.max) stat.max = unitPrice;
    if (unitPrice < stat.min) stat.min = unitPrice;
  }
}

/**
 * Takes one bill back out of an aggregate, in place: the inverse of addBill for every total and
 * count (a day's bills dropped locally, one of which came back in a new version). Largest and
 * smallest stay as they were: the values of the other bills are not kept to find the next one.
 */
export function removeBill(aggregate: DayAggregate, bill: Bill, timeZone: string): void {
  if (bill.status === 'void' || !aggregate.bills) return;
  const take = (map: Map<string, Stat>, key: string, value: number, count = 1) => {
    const stat = map.get(key);
    if (!stat) return;
    stat.total = addMoney(stat.total, -multiplyMoney(value, count));
    stat.count -= count;
    if (stat.count === 0) map.delete(key);
  };
  aggregate.bills.total = addMoney(aggregate.bills.total, -bill.total);
  aggregate.bills.count -= 1;
  if (aggregate.bills.count === 0) aggregate.bills = null;
  take(aggregate.byTill, bill.tillId, bill.total);
  take(aggregate.byTender, tenderOf(bill), bill.total);
  take(aggregate.byHour, localHour(bill.createdAt, timeZone), bill.total);
  const sign = bill.kind === 'credit_note' ? -1 : 1;
  for (const line of bill.items) {
    const stat = aggregate.byItem.get(line.id);
    if (!stat) continue;
    stat.total = addMoney(stat.total, -multiplyMoney(line.price, line.quantity));
    stat.count -= sign * line.quantity;
  }
}

export function aggregateDay(date: string, bills: Iterable<Bill>, timeZone: string): DayAggregate {
  const aggregate = emptyAggregate(date);
  for (const bill of bills) addBill(aggregate, bill, timeZone);
  return aggregate;
}

/** Both parts of a day in one (bills kept locally plus the aggregate of dropped ones). */
export function mergeAggregates(a: DayAggregate, b: DayAggregate): DayAggregate {
  const merged = emptyAggregate(a.date);
  for (const part of [a, b]) {
    if (part.bills) {
      if (merged.bills) mergeStat(merged.bills, part.bills);
      else merged.bills = { ...part.bills };
    }
    for (const name of ['byTill', 'byTender', 'byHour', 'byItem'] as const) {
      for (const [key, stat] of part[name]) mergeInto(merged[name], key, stat);
    }
  }
  return merged;
}

/** The JSON form kept in the relay's snapshot: maps as [key, stat] lists. */
export interface DayAggregateJson {
  date: string;
  bills: Stat | null;
  byTill: [string, Stat][];
  byTender: [string, Stat][];
  byHour: [string, Stat][];
  byItem: [string, Stat][];
}

export function aggregateToJson(aggregate: DayAggregate): DayAggregateJson {
  return {
    date: aggregate.date,
    bills: aggregate.bills,
    byTill: [...aggregate.byTill],
    byTender: [...aggregate.byTender],
    byHour: [...aggregate.byHour],
    byItem: [...aggregate.byItem],
  };
}

export function aggregateFromJson(json: DayAggregateJson): DayAggregate {
  return {
    date: json.date,
    bills: json.bills,
    byTill: new Map(json.byTill),
    byTender: new Map(json.byTender),
    byHour: new Map(json.byHour),
    byItem: new Map(json.byItem),
  };
}
