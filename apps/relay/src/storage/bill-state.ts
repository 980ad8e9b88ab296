// The relay's state in memory: every bill by id, and per business day the bills in a fixed
// order with running totals, so shift(date) and shifts(from, to) never scan every bill.
// Live intake, journal replay and snapshot loading all change it through applyPut/applyDrop,
// so a replay reaches exactly the state the live process had.
import {
  countedTotal,
  makeShift,
  recordFrom,
  type DailyShift,
  type TillTotals,
} from '@caja/models';
import type { LedgerBook } from '../ledger/ledger-book.js';
import type { LedgerEntry } from '../ledger/ledger-entry.js';
import type { ShiftSummary } from './bill-store.js';
import type { StoredBill } from '@caja/models';
import { GENESIS_HASH } from './journal-record.js';
import type { DayView, StateEntry } from './state-entry.js';
import type { SnapshotLedger } from './snapshot-format.js';

export type { DayView, StateEntry } from './state-entry.js';

interface Day {
  date: string;
  /** Sorted by createdAt, then id (code-point order): new bills usually go at the end. */
  entries: StateEntry[];
  total: number;
  /** Counted total and bill count per till, kept with `total` (the snapshot's byTill). */
  byTill: Map<string, TillTotals>;
  /** makeShift() result, kept until the day changes (it sorts; the API asks often). */
  shift?: DailyShift;
}

export class BillState {
  private readonly bills = new Map<string, StateEntry>();
  private readonly days = new Map<string, Day>();
  /** Highest LSN applied. */
  lsn = 0;
  /** SHA-256 of the journal record at `lsn` (the hash chain's head). */
  chainHead = GENESIS_HASH;

  /** With a book, the ledger follows every change (the sync worker's replica has none). */
  constructor(readonly book?: LedgerBook) {}

  get billCount(): number {
    return this.bills.size;
  }

  get(id: string): StateEntry | undefined {
    return this.bills.get(id);
  }

  /** `receivedAt`: when the relay accepted this version (journal), for the ledger's clocks. */
  applyPut(entry: StateEntry, receivedAt?: string): void {
    const previous = this.bills.get(entry.bill.id);
    this.book?.onPut(previous, entry, receivedAt);
    if (previous) this.removeFromDay(previous);
    this.bills.set(entry.bill.id, entry);
    const day = this.day(entry.shiftDate);
    insertSorted(day.entries, entry);
    count(day, entry.bill, 1);
    day.shift = undefined;
    this.lsn = Math.max(this.lsn, entry.lsn);
  }

  /**
   * A day of a snapshot, as the file holds it: entries in the day's order, `ids[i]` the id of
   * `entries[i]`, the totals as the file states them. The bills themselves are not read (see
   * LazyEntry), so this neither sorts nor tells the ledger book: the snapshot's book already
   * holds what its bills gave it. For an empty state being loaded, before any other change.
   */
  loadDay(
    date: string,
    entries: readonly StateEntry[],
    ids: readonly string[],
    totals: { total: number; byTill: Readonly<Record<string, TillTotals>> },
  ): void {
    const day = this.day(date);
    if (day.entries.length > 0) throw new Error(`day ${date} loaded twice`);
    const before = this.bills.size;
    for (let index = 0; index < entries.length; index++) {
      const entry = entries[index]!;
      this.bills.set(ids[index]!, entry);
      if (entry.lsn > this.lsn) this.lsn = entry.lsn;
    }
    if (this.bills.size !== before + entries.length) throw new Error(`day ${date}: an id twice`);
    day.entries = entries.slice();
    day.total = totals.total;
    for (const [tillId, till] of Object.entries(totals.byTill)) day.byTill.set(tillId, { ...till });
  }

  private day(date: string): Day {
    let day = this.days.get(date);
    if (!day) {
      day = { date, entries: [], total: 0, byTill: new Map() };
      this.days.set(date, day);
    }
    return day;
  }

  /**
   * Local cleanup: forgets the bills of these days whose LSN is at most `throughLsn` (a bill
   * that arrived after cleanup decided stays). Returns how many bills went.
   */
  applyDrop(dates: readonly string[], throughLsn: number, lsn: number): number {
    let dropped = 0;
    for (const date of dates) {
      const day = this.days.get(date);
      if (!day) continue;
      const kept: StateEntry[] = [];
      const gone: StateEntry['bill'][] = [];
      const goneLsns: number[] = [];
      for (const entry of day.entries) {
        if (entry.lsn > throughLsn) {
          kept.push(entry);
          continue;
        }
        this.bills.delete(entry.bill.id);
        count(day, entry.bill, -1);
        gone.push(entry.bill);
        goneLsns.push(entry.lsn);
        dropped += 1;
      }
      this.book?.onDrop(date, gone, goneLsns);
      day.entries = kept;
      day.shift = undefined;
      if (kept.length === 0) this.days.delete(date);
    }
    this.lsn = Math.max(this.lsn, lsn);
    return dropped;
  }

  /** A cash move or a close, at `lsn`. */
  applyLedger(entry: LedgerEntry, lsn: number): void {
    this.book?.apply(entry, lsn);
    this.lsn = Math.max(this.lsn, lsn);
  }

  shift(date: string): DailyShift {
    const day = this.days.get(date);
    if (!day) return makeShift(date, []);
    day.shift ??= makeShift(
      date,
      day.entries.map((entry) => entry.bill),
    );
    return day.shift;
  }

  shifts(from: string, to: string): ShiftSummary[] {
    return this.dates()
      .filter((date) => date >= from && date <= to)
      .map((date) => {
        const day = this.days.get(date)!;
        return { date, total: day.total, billCount: day.entries.length };
      });
  }

  dates(): string[] {
    return [...this.days.keys()].sort();
  }

  /** The ledger's part of a snapshot at `lsn` (none without a book). */
  ledgerView(): SnapshotLedger | undefined {
    return this.book && { chainHead: this.chainHead, ledger: this.book.toJson() };
  }

  /** Every day's entries as they are now; later changes do not affect the copies. */
  view(): DayView[] {
    return this.dates().map((date) => {
      const day = this.days.get(date)!;
      const byTill = recordFrom([...day.byTill].map(([id, till]) => [id, { ...till }] as const));
      return { date, entries: day.entries.slice(), total: day.total, byTill };
    });
  }

  private removeFromDay(entry: StateEntry): void {
    const day = this.days.get(entry.shiftDate);
    if (!day) return;
    const index = findIndex(day.entries, entry);
    if (index < 0) return;
    day.entries.splice(index, 1);
    count(day, entry.bill, -1);
    day.shift = undefined;
    if (day.entries.length === 0) this.days.delete(day.date);
  }
}

/** Adds (`sign` 1) or takes away (-1) one bill from its day's totals. */
function count(day: Day, bill: StoredBill['bill'], sign: 1 | -1): void {
  const counted = countedTotal(bill);
  day.total += sign * counted;
  let till = day.byTill.get(bill.tillId);
  if (!till) day.byTill.set(bill.tillId, (till = { billCount: 0, total: 0 }));
  till.billCount += sign;
  till.total += sign * counted;
  if (till.billCount === 0) day.byTill.delete(bill.tillId);
}

export function compareEntries(a: StoredBill, b: StoredBill): number {
  const x = a.bill;
  const y = b.bill;
  if (x.createdAt !== y.createdAt) return x.createdAt < y.createdAt ? -1 : 1;
  if (x.id !== y.id) return x.id < y.id ? -1 : 1;
  return 0;
}

/** First index whose entry is not before `entry` (binary search). */
function lowerBound(entries: readonly StateEntry[], entry: StoredBill): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareEntries(entries[middle]!, entry) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

function insertSorted(entries: StateEntry[], entry: StateEntry): void {
  const last = entries[entries.length - 1];
  if (!last || compareEntries(last, entry) < 0) entries.push(entry);
  else entries.splice(lowerBound(entries, entry), 0, entry);
}

function findIndex(entries: readonly StateEntry[], entry: StoredBill): number {
  const index = lowerBound(entries, entry);
  return entries[index]?.bill.id === entry.bill.id ? index : -1;
}
