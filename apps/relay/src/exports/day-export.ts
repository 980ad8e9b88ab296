// What a day's export holds, as pure functions: the object keys, the JSON document (the day's
// shift with its Z) and the CSV (one line per bill, for a spreadsheet or the accountant), and the
// fingerprint that says whether the exported copy is still the day as the relay holds it.
import { createHash } from 'node:crypto';
import { tenderOf, type DailyShift, type ZReport } from '@caja/models';

export const EXPORT_FORMAT_VERSION = 1;

/** `{STORE_ID}/{YYYY}/{MM}/{YYYY-MM-DD}.json` and `.csv`. */
export function exportKeys(storeId: string, date: string): { json: string; csv: string } {
  const base = `${storeId}/${date.slice(0, 4)}/${date.slice(5, 7)}/${date}`;
  return { json: `${base}.json`, csv: `${base}.csv` };
}

export interface DayExportDocument {
  formatVersion: number;
  storeId: string;
  date: string;
  exportedAt: string;
  /** Null for a day exported without a close (past, confirmed in DynamoDB, never closed). */
  z: ZReport | null;
  shift: DailyShift;
}

export function dayExportJson(
  storeId: string,
  shift: DailyShift,
  z: ZReport | undefined,
  exportedAt: string,
): string {
  const document: DayExportDocument = {
    formatVersion: EXPORT_FORMAT_VERSION,
    storeId,
    date: shift.date,
    exportedAt,
    z: z ?? null,
    shift,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

const CSV_HEADER = 'id,number,tillId,createdAt,kind,status,tender,total,version,refundOf';

function csvField(value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value);
  // A leading = + - @ would run as a formula in a spreadsheet: quote it with a leading '.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One line per bill (void ones included, as listed in the shift); CRLF line ends (RFC 4180). */
export function dayBillsCsv(shift: DailyShift): string {
  const lines = [CSV_HEADER];
  for (const bill of shift.bills) {
    lines.push(
      [
        bill.id,
        bill.number,
        bill.tillId,
        bill.createdAt,
        bill.kind,
        bill.status,
        tenderOf(bill),
        bill.total,
        bill.version,
        bill.refundOf,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Changes whenever a bill of the day changes version, arrives or the day gets (another) Z. */
export function dayFingerprint(shift: DailyShift, z: ZReport | undefined): string {
  const hash = createHash('sha256');
  const lines = shift.bills.map((bill) => `${bill.id}:${bill.version}\n`).sort();
  for (const line of lines) hash.update(line);
  hash.update(`z:${z ? `${z.zNumber}:${z.closedAt}` : '-'}`);
  return hash.digest('hex');
}
