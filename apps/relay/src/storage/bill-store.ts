// The relay's storage port. The durable implementation (journal + snapshot) and the in-memory
// twin used by route tests both satisfy it, and both decide upserts with decideUpsert().
import type { Bill, DailyShift, MinorUnits, StoredBill } from '@caja/models';
import type { LedgerBook } from '../ledger/ledger-book.js';
import type { LedgerEntry } from '../ledger/ledger-entry.js';

/** What a ledger record is built from: its LSN, time and the chain head before it. */
export interface LedgerContext {
  lsn: number;
  receivedAt: string;
  /** SHA-256 of the journal record just before this one (a Z prints it). */
  chainHead: string;
}

export type AcceptedOutcome = 'created' | 'updated' | 'duplicate';

export type PutResult =
  | {
      ok: true;
      outcome: AcceptedOutcome;
      id: string;
      version: number;
      shiftDate: string;
      /** Log sequence number of the journal record holding this version. */
      lsn: number;
    }
  | { ok: false; outcome: 'conflict'; stored: Bill };

export interface ShiftSummary {
  date: string;
  total: MinorUnits;
  billCount: number;
}

/** A new durable version, with the bill's day before it when it had one (a changed createdAt). */
export interface BillChange extends StoredBill {
  previousShiftDate?: string;
}

export type BillChangeListener = (change: BillChange) => void;

export interface BillStore {
  /**
   * Applies bills (validated, totals checked) in order. Resolves only once every accepted new
   * version is durable; duplicates and conflicts write nothing.
   */
  putMany(bills: readonly Bill[]): Promise<PutResult[]>;
  get(id: string): StoredBill | undefined;
  /** A day's shift; a day with no bills gives empty bills and zero totals. */
  shift(date: string): DailyShift;
  /** Summaries of the days from..to inclusive that have bills, in date order. */
  shifts(from: string, to: string): ShiftSummary[];
  /** The ledger beside the bills: cash moves, Zs, till numbers, past versions, aggregates. */
  readonly book: LedgerBook;
  /**
   * Journals a ledger record (cash move, close) built, when it is queued, from its LSN and the
   * chain head before it. Resolves once durable and applied to the book.
   */
  appendLedger(build: (context: LedgerContext) => LedgerEntry): Promise<LedgerEntry>;
  /** Called after each accepted new version is durable. Returns an unsubscribe function. */
  subscribe(listener: BillChangeListener): () => void;
  close(): Promise<void>;
}
