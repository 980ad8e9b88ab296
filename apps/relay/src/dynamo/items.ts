// The DynamoDB layout of docs/api.md, in one place: keys, and the only two functions that turn a
// bill into an item and an item back into a bill.
import type { Bill } from '@caja/models';
import type { DaySummary } from '../sync/digest.js';
import { DIGEST_VERSION } from '../sync/digest.js';

export const SUMMARY_SK = 'SUMMARY';
export const BILL_SK_PREFIX = 'BILL#';
/** A version set aside when a conflict was resolved: kept on record, never counted. */
export const CONFLICT_SK_PREFIX = 'CONFLICT#';

export function dayPk(storeId: string, date: string): string {
  return `SHIFT#${storeId}#${date}`;
}

export function billKey(storeId: string, date: string, id: string) {
  return { pk: dayPk(storeId, date), sk: `${BILL_SK_PREFIX}${id}` };
}

export function conflictKey(
  storeId: string,
  date: string,
  id: string,
  version: number,
  at: string,
) {
  return { pk: dayPk(storeId, date), sk: `${CONFLICT_SK_PREFIX}${id}#${version}#${at}` };
}

export function summaryKey(storeId: string, date: string) {
  return { pk: dayPk(storeId, date), sk: SUMMARY_SK };
}

/** Every bill field under its own name, plus the key and `syncedAt`. */
export function billToItem(
  storeId: string,
  date: string,
  bill: Bill,
  syncedAt: string,
): Record<string, unknown> {
  return { ...bill, ...billKey(storeId, date, bill.id), syncedAt };
}

const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'syncedAt']);

/** The bill fields of an item: everything but the key and syncedAt (validated by the reader). */
export function itemToBill(item: Record<string, unknown>): Bill {
  return Object.fromEntries(
    Object.entries(item).filter(([name]) => !KEY_ATTRIBUTES.has(name)),
  ) as unknown as Bill;
}

export function summaryToItem(
  storeId: string,
  date: string,
  summary: DaySummary,
  updatedAt: string,
): Record<string, unknown> {
  return { ...summaryKey(storeId, date), ...summary, digestVersion: DIGEST_VERSION, updatedAt };
}

export function itemToSummary(item: Record<string, unknown>): DaySummary | undefined {
  const { total, billCount, digest, digestVersion, writerId } = item;
  // A summary written with another digest scheme cannot be compared: treat it as absent, so
  // the consistency check reads the bills and rewrites it.
  if ((digestVersion ?? DIGEST_VERSION) !== DIGEST_VERSION) return undefined;
  if (typeof total !== 'number' || typeof billCount !== 'number' || typeof digest !== 'string')
    return undefined;
  return { total, billCount, digest, ...(typeof writerId === 'string' ? { writerId } : {}) };
}
