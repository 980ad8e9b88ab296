// A day's summary, as stored in its DynamoDB SUMMARY item and as computed from local bills.
//
// digest (version 1) = lowercase hex SHA-256 of the UTF-8 text made of one line `${id}:${version}\n`
// per bill of the day, the lines sorted as strings (code-unit order; ids are ASCII). Two sides
// that hold the same bills at the same versions have the same digest, whatever the order they were
// written in, so a consistency check compares one small item instead of reading every bill; and
// anyone can recompute it from a Query of the day's bill items. Content changes always bump the
// version (the relay refuses other content at the same version), so id:version is enough.
import { createHash } from 'node:crypto';
import { countedTotal, type Bill, type MinorUnits } from '@caja/models';

export const DIGEST_VERSION = 1;

export interface DaySummary {
  total: MinorUnits;
  billCount: number;
  digest: string;
}

export type BillVersion = Pick<Bill, 'id' | 'version'>;

export function dayDigest(bills: readonly BillVersion[]): string {
  const lines = bills.map((bill) => `${bill.id}:${bill.version}\n`);
  lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line);
  return hash.digest('hex');
}

/** Summary of a day's bills: void bills are counted in billCount and add zero to total. */
export function summarizeDay(bills: readonly Bill[]): DaySummary {
  let total = 0;
  for (const bill of bills) total += countedTotal(bill);
  return { total, billCount: bills.length, digest: dayDigest(bills) };
}

export function sameSummary(a: DaySummary | undefined, b: DaySummary | undefined): boolean {
  return !!a && !!b && a.total === b.total && a.billCount === b.billCount && a.digest === b.digest;
}
