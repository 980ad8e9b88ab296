// The DynamoDB layout of docs/api.md, in one place: keys, and the only two functions that turn a
// bill into an item and an item back into a bill.
import type { Bill, CashMove, ZReport } from '@caja/models';
import type { DaySummary } from '../sync/digest.js';
import { DIGEST_VERSION } from '../sync/digest.js';

export const SUMMARY_SK = 'SUMMARY';
export const BILL_SK_PREFIX = 'BILL#';
/** A version set aside when a conflict was resolved: kept on record, never counted. */
export const CONFLICT_SK_PREFIX = 'CONFLICT#';
/** The day's close. */
export const Z_SK = 'Z';
/** A cash move of the day, its own item, so an unclosed day's moves are in DynamoDB too. */
export const CASH_MOVE_SK_PREFIX = 'CASHMOVE#';
/**
 * The store's newest Z, a copy under the store's own key (pk `STORE#{STORE_ID}`): a relay rebuilt
 * on an empty disk continues the Z numbers and the grand total from it, however long ago the last
 * close was (its lookback of days would miss a Z older than it).
 */
export const LAST_Z_SK = 'LASTZ';

/** The table as the relay creates it: pk (S, HASH), sk (S, RANGE), on-demand billing. */
export function tableDefinition(tableName: string) {
  return {
    TableName: tableName,
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' as const },
      { AttributeName: 'sk', KeyType: 'RANGE' as const },
    ],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' as const },
      { AttributeName: 'sk', AttributeType: 'S' as const },
    ],
    BillingMode: 'PAY_PER_REQUEST' as const,
  };
}

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

export function zKey(storeId: string, date: string) {
  return { pk: dayPk(storeId, date), sk: Z_SK };
}

export function lastZKey(storeId: string) {
  return { pk: `STORE#${storeId}`, sk: LAST_Z_SK };
}

export function cashMoveKey(storeId: string, date: string, id: string) {
  return { pk: dayPk(storeId, date), sk: `${CASH_MOVE_SK_PREFIX}${id}` };
}

/** A Z or a cash move as journaled: `journalLsn` is its journal record's LSN. */
export interface LedgerItem<T> {
  value: T;
  journalLsn: number;
}

/** Every Z field under its own name, plus the key, `journalLsn` and `syncedAt`. */
export function zToItem(storeId: string, z: ZReport, journalLsn: number, syncedAt: string) {
  return { ...z, ...zKey(storeId, z.date), journalLsn, syncedAt };
}

/** The store's LASTZ item: the Z as in its day's item, under the store's key. */
export function lastZToItem(storeId: string, z: ZReport, journalLsn: number, syncedAt: string) {
  return { ...z, ...lastZKey(storeId), journalLsn, syncedAt };
}

export function cashMoveToItem(
  storeId: string,
  move: CashMove,
  journalLsn: number,
  syncedAt: string,
) {
  return { ...move, ...cashMoveKey(storeId, move.date, move.id), journalLsn, syncedAt };
}

const LEDGER_KEY_ATTRIBUTES = new Set(['pk', 'sk', 'syncedAt', 'journalLsn']);

/** The Z or cash move of an item (its shape is checked by the reader). */
export function itemToLedger<T>(item: Record<string, unknown>): LedgerItem<T> {
  const value = Object.fromEntries(
    Object.entries(item).filter(([name]) => !LEDGER_KEY_ATTRIBUTES.has(name)),
  ) as T;
  return { value, journalLsn: typeof item.journalLsn === 'number' ? item.journalLsn : 0 };
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
  const { total, billCount, digest, digestVersion, writerId, chainLsn, chainHead } = item;
  // A summary written with another digest scheme cannot be compared: treat it as absent, so
  // the consistency check reads the bills and rewrites it.
  if ((digestVersion ?? DIGEST_VERSION) !== DIGEST_VERSION) return undefined;
  if (typeof total !== 'number' || typeof billCount !== 'number' || typeof digest !== 'string')
    return undefined;
  return {
    total,
    billCount,
    digest,
    ...(typeof writerId === 'string' ? { writerId } : {}),
    ...(typeof chainLsn === 'number' && typeof chainHead === 'string'
      ? { chainLsn, chainHead }
      : {}),
  };
}
