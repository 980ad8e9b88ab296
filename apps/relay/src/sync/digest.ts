// A day's summary, as stored in its DynamoDB SUMMARY item and as computed from local bills.
//
// digest (version 2) = lowercase hex SHA-256 of the UTF-8 text made of one line
// `${id}:${version}:${content}\n` per bill of the day, the lines sorted as strings (code-unit
// order; ids are ASCII), where content is the hex SHA-256 of the bill's canonical JSON (keys
// sorted, no spaces; DynamoDB's key attributes and syncedAt are not part of the bill). Two sides
// that hold the same bills with the same content have the same digest, whatever the order they
// were written in, so a consistency check compares one small item instead of reading every
// bill; anyone can recompute it from a Query of the day's bill items. Content is in it because
// id:version alone would call a bill synced when DynamoDB holds other content at the same
// version (a second relay on the same STORE_ID, an old disk restored).
import { createHash, hash } from 'node:crypto';
import { addMoney, canonicalJson, countedTotal, type Bill, type MinorUnits } from '@caja/models';

export const DIGEST_VERSION = 2;

export interface DaySummary {
  total: MinorUnits;
  billCount: number;
  digest: string;
  /** Instance id of the relay that wrote the SUMMARY (absent on local summaries). */
  writerId?: string;
  /**
   * The journal's chain head when the SUMMARY was written: `chainHead` is the `prev` of journal
   * record `chainLsn` (the SHA-256 of the record before it). A local history rewritten later no
   * longer has that hash there (`verify --cloud`). Absent without a hash chain.
   */
  chainLsn?: number;
  chainHead?: string;
}

/** Hex SHA-256 of the bill's canonical JSON. */
export function contentHash(bill: Bill): string {
  return hash('sha256', canonicalJson(bill));
}

export function dayDigest(bills: readonly Bill[]): string {
  const lines = bills.map((bill) => `${bill.id}:${bill.version}:${contentHash(bill)}\n`);
  lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const digest = createHash('sha256');
  for (const line of lines) digest.update(line);
  return digest.digest('hex');
}

/** Summary of a day's bills: void bills are counted in billCount and add zero to total. */
export function summarizeDay(bills: readonly Bill[]): DaySummary {
  let total = 0;
  for (const bill of bills) total = addMoney(total, countedTotal(bill));
  return { total, billCount: bills.length, digest: dayDigest(bills) };
}

export function sameSummary(a: DaySummary | undefined, b: DaySummary | undefined): boolean {
  return !!a && !!b && a.total === b.total && a.billCount === b.billCount && a.digest === b.digest;
}
