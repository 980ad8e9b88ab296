// `verify --cloud`: the local journal against the chain heads that left the shop. Each SUMMARY
// item carries `chainLsn` + `chainHead` (the `prev` of journal record chainLsn when it was
// written) and each Z item its `journalLsn` + `chainHead` (the `prev` of its close record). A
// local history rewritten afterwards, even with its hash chain recomputed so that plain `verify`
// passes, no longer has those hashes at those LSNs. Records the journal no longer holds (segments
// deleted once covered by the snapshot and DynamoDB) cannot be compared: counted, not failed.
import { addDays, businessDay, datesBetween } from '@caja/models';
import type { BillTable, JournalReader } from './ports.js';

export interface ChainMark {
  /** `SUMMARY` or `Z`, and its day. */
  item: 'SUMMARY' | 'Z';
  date: string;
  lsn: number;
  head: string;
}

export interface ChainComparison {
  marks: number;
  matched: number;
  /** The journal no longer holds (or not yet holds) these records. */
  unchecked: number;
  mismatches: (ChainMark & { local: string | undefined })[];
}

const READS_IN_FLIGHT = 8;
const READ_BATCH = 5000;

/** The chain heads of the SUMMARY and Z items of the days `from`..`to`. */
export async function cloudChainMarks(
  table: Pick<BillTable, 'getSummary' | 'readDayLedger'>,
  dates: readonly string[],
): Promise<ChainMark[]> {
  const marks: ChainMark[] = [];
  let next = 0;
  const worker = async () => {
    while (next < dates.length) {
      const date = dates[next++]!;
      const [summary, ledger] = await Promise.all([
        table.getSummary(date),
        table.readDayLedger(date),
      ]);
      if (summary?.chainLsn !== undefined && summary.chainHead !== undefined)
        marks.push({ item: 'SUMMARY', date, lsn: summary.chainLsn, head: summary.chainHead });
      const z = ledger.z;
      if (z && z.journalLsn > 0 && z.value.chainHead)
        marks.push({ item: 'Z', date, lsn: z.journalLsn, head: z.value.chainHead });
    }
  };
  await Promise.all(Array.from({ length: READS_IN_FLIGHT }, worker));
  return marks.sort((a, b) => a.lsn - b.lsn);
}

/** Reads the journal once, comparing each mark's hash with the `prev` of its record. */
export async function compareChain(
  marks: readonly ChainMark[],
  journal: JournalReader,
): Promise<ChainComparison> {
  const wanted = new Map<number, ChainMark[]>();
  for (const mark of marks) wanted.set(mark.lsn, [...(wanted.get(mark.lsn) ?? []), mark]);
  const result: ChainComparison = { marks: marks.length, matched: 0, unchecked: 0, mismatches: [] };
  const seen = new Set<number>();
  let after = 0;
  for (;;) {
    const records = await journal.readAfter(after, READ_BATCH);
    if (records.length === 0) break;
    for (const record of records) {
      const found = wanted.get(record.lsn);
      if (!found) continue;
      seen.add(record.lsn);
      for (const mark of found) {
        if (record.prev === mark.head) result.matched += 1;
        else result.mismatches.push({ ...mark, local: record.prev });
      }
    }
    after = records.at(-1)!.lsn;
  }
  for (const mark of marks) if (!seen.has(mark.lsn)) result.unchecked += 1;
  return result;
}

/** The days `verify --cloud` looks at: today and the `days` before it, in the store's zone. */
export function daysBack(now: Date, timeZone: string, days: number): string[] {
  const today = businessDay(now, timeZone);
  return datesBetween(addDays(today, -days), today);
}

export function formatChainComparison(result: ChainComparison): string {
  const lines = [
    `chain heads in DynamoDB: ${result.marks} (SUMMARY and Z items), ${result.matched} match the ` +
      `local journal, ${result.unchecked} refer to records no longer (or not yet) in it`,
  ];
  for (const mismatch of result.mismatches) {
    lines.push(
      `MISMATCH: the ${mismatch.item} of ${mismatch.date} says record ${mismatch.lsn} followed ` +
        `${mismatch.head}; the local journal has ${mismatch.local ?? 'no hash'} there. The local ` +
        'history was rewritten (or restored from another copy) after it left the shop.',
    );
  }
  return lines.join('\n');
}
