// Per-key figures (total, count, largest, smallest) that merge exactly: a report over a year adds
// up 365 day aggregates instead of 365,000 bills, and gives the same answer as the scan.
import { addMoney, multiplyMoney } from '../totals.js';
import type { MinorUnits } from '../types.js';

export interface Stat {
  total: MinorUnits;
  count: number;
  max: MinorUnits;
  min: MinorUnits;
}

export function statOf(value: MinorUnits, count = 1): Stat {
  return { total: multiplyMoney(value, count), count, max: value, min: value };
}

/** Adds `value` (count times, as for a line's quantity) into `into`, in place. */
export function addToStat(into: Stat, value: MinorUnits, count = 1): void {
  into.total = addMoney(into.total, multiplyMoney(value, count));
  into.count += count;
  if (value > into.max) into.max = value;
  if (value < into.min) into.min = value;
}

/** Merges `from` into `into`, in place. */
export function mergeStat(into: Stat, from: Stat): void {
  into.total = addMoney(into.total, from.total);
  into.count += from.count;
  if (from.max > into.max) into.max = from.max;
  if (from.min < into.min) into.min = from.min;
}

/** Adds a value under `key` of a Map (outside data never keys a plain object). */
export function addToKey(map: Map<string, Stat>, key: string, value: MinorUnits, count = 1): void {
  const stat = map.get(key);
  if (stat) addToStat(stat, value, count);
  else map.set(key, statOf(value, count));
}

export function mergeInto(map: Map<string, Stat>, key: string, from: Stat): void {
  const stat = map.get(key);
  if (stat) mergeStat(stat, from);
  else map.set(key, { ...from });
}
