// Rebuilding state: a snapshot (or backup) as the base, then journal records after its LSN,
// applied exactly as live intake applied them.
import type { BillState } from './bill-state.js';
import { StorageError } from './errors.js';
import { parsePayload, payloadHash } from './journal-record.js';
import type { JournalVisitor } from './journal-reader.js';
import type { LazySnapshot, LoadedSnapshot } from './snapshot-parse.js';
import { LazyEntry } from './state-entry.js';

/** A put record's bill is its last member: `…,"bill":{…}}`. */
const BILL_MEMBER = Buffer.from(',"bill":{', 'latin1');
const CLOSE_BRACE = 0x7d;

/**
 * Where the bill's JSON starts in the put record bytes[start, end), or -1. The members before
 * it (lsn, receivedAt, op, prev, shiftDate) hold no such text, so the first match is the bill.
 */
function billStartIn(bytes: Buffer, start: number, end: number): number {
  if (bytes[end - 1] !== CLOSE_BRACE || bytes[end - 2] !== CLOSE_BRACE) return -1;
  const member = bytes.indexOf(BILL_MEMBER, start);
  return member < 0 || member + BILL_MEMBER.length >= end ? -1 : member + BILL_MEMBER.length - 1;
}

export function applySnapshot(state: BillState, snapshot: LoadedSnapshot | LazySnapshot): void {
  // The book first: bills put from the snapshot then find their numbers already recorded.
  if (snapshot.ledger) state.book?.load(snapshot.ledger);
  if (snapshot.chainHead) state.chainHead = snapshot.chainHead;
  if ('lazy' in snapshot) {
    // The book came whole with the snapshot (refunds included): the bills need not tell it.
    for (const day of snapshot.days) state.loadDay(day.date, day.entries, day.ids, day);
    state.lsn = snapshot.lsn;
    return;
  }
  for (const day of snapshot.days) {
    day.bills.forEach((bill, index) => {
      state.applyPut({ bill, shiftDate: day.date, lsn: day.lsns[index]! });
    });
  }
  state.lsn = snapshot.lsn;
}

export interface ReplayProgress {
  /** LSN of the last record applied (the base LSN when none was). */
  appliedThrough: number;
  /** receivedAt of the last record applied. */
  lastReceivedAt?: string;
  /** Set when a record after `until` ended the replay (restore to an instant). */
  stoppedBefore?: { lsn: number; receivedAt: string };
}

/**
 * A journal visitor applying every record after `baseLsn` to `state`, in strict LSN order.
 * With `untilMs`, it stops at the first record received after that instant and applies none
 * after it, so the result is the state as of a prefix of the journal.
 */
export function replayVisitor(
  state: BillState,
  baseLsn: number,
  untilMs?: number,
): { visit: JournalVisitor; progress: ReplayProgress; finish: () => void } {
  const progress: ReplayProgress = { appliedThrough: baseLsn };
  // The chain's head is the hash of the last record taken (the base's own record when none
  // after it is): hashed once at the end, not once per record, and only its place is kept per
  // record (a view made per record was a twentieth of a replay). Each segment is its own buffer.
  let headBytes: Buffer | undefined;
  let headStart = 0;
  let headEnd = 0;
  let lastPut: LazyEntry | undefined;
  const visit: JournalVisitor = (lsn, bytes, start, end, segment) => {
    if (progress.stoppedBefore) return;
    if (lsn <= baseLsn) {
      if (lsn === baseLsn) {
        headBytes = bytes;
        headStart = start;
        headEnd = end;
      }
      return;
    }
    if (lsn !== progress.appliedThrough + 1) {
      throw new StorageError(
        'JOURNAL_GAP',
        `The journal jumps from LSN ${progress.appliedThrough} to LSN ${lsn} (in ${segment.path}): ` +
          'records are missing, so the state cannot be rebuilt without losing bills.',
      );
    }
    const text = bytes.toString('utf8', start, end);
    let record;
    try {
      record = parsePayload(text);
    } catch (error) {
      throw new StorageError(
        'JOURNAL_DAMAGED',
        `Journal record LSN ${lsn} in ${segment.path} has a valid checksum but cannot be read: ${(error as Error).message}`,
      );
    }
    if (untilMs !== undefined && Date.parse(record.receivedAt) > untilMs) {
      progress.stoppedBefore = { lsn, receivedAt: record.receivedAt };
      return;
    }
    if (record.op === 'put') {
      // The entry keeps the bill's bytes in the segment, not the parsed bill: 100,000 bill
      // objects kept alive cost more memory and garbage collection than the segments they came
      // from. The parsed bill stays until the next put, which compares itself with it.
      const billStart = billStartIn(bytes, start, end);
      const entry =
        billStart < 0
          ? { bill: record.bill, shiftDate: record.shiftDate, lsn }
          : new LazyEntry(bytes, billStart, end - 1, record.shiftDate, lsn, record.bill);
      state.applyPut(entry, record.receivedAt);
      lastPut?.forgetBill();
      lastPut = entry instanceof LazyEntry ? entry : undefined;
    } else if (record.op === 'drop') {
      state.applyDrop(record.days, record.throughLsn, lsn);
    } else {
      state.applyLedger(record.entry, lsn);
    }
    headBytes = bytes;
    headStart = start;
    headEnd = end;
    progress.appliedThrough = lsn;
    progress.lastReceivedAt = record.receivedAt;
  };
  /** After the journal is read: the state's chain head. */
  const finish = () => {
    if (headBytes) state.chainHead = payloadHash(headBytes.subarray(headStart, headEnd));
  };
  return { visit, progress, finish };
}
