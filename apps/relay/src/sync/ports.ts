// What the sync engine needs from the rest of the relay and from DynamoDB, as small interfaces.
// Production: the durable journal + BillStore, and DynamoBillTable. Tests: in-memory twins.
import type { Bill, CashMove, ZReport } from '@caja/models';
import type { LedgerItem } from '../dynamo/items.js';
import type { LedgerEntry, SyncedLedgerEntry } from '../ledger/ledger-entry.js';
import type { BillChange, BillStore } from '../storage/index.js';
import type { DaySummary } from './digest.js';

/**
 * One journal record: a bill version made durable with log sequence number `lsn`, or (no `bill`)
 * a record of another kind, such as a local cleanup, that the cursor simply passes.
 */
/** The SUMMARY a putSummary replaced: its writer's instance id and its updatedAt, if any. */
export interface ReplacedSummary {
  writerId?: string;
  updatedAt?: string;
}

export interface JournalRecord {
  lsn: number;
  bill?: Bill;
  /** Business day decided at intake; computed from createdAt and the zone when absent. */
  shiftDate?: string;
  /** When the relay accepted this version (ISO); the lag of a pending bill counts from it. */
  receivedAt?: string;
  /** A local cleanup record: these days' bills up to `throughLsn` left the store. */
  drop?: { days: string[]; throughLsn: number };
  /** A cash move or a day close: copied to its own item. */
  ledger?: LedgerEntry;
  /** The SHA-256 of the record before this one (the hash chain); absent without a chain. */
  prev?: string;
}

export interface JournalReader {
  /** Records with lsn > afterLsn in increasing LSN order, at most `limit` of them. */
  readAfter(afterLsn: number, limit: number): Promise<JournalRecord[]>;
  /** LSN of the last durable record (0 when empty). */
  lastLsn(): number;
}

/** A change the store reports; `previousShiftDate` when it knows the bill's day before it. */
export type MovedBill = BillChange;

/** A current bill version the sync may not have confirmed yet (see SyncedStore.entriesAfter). */
export interface UnsyncedEntry {
  id: string;
  lsn: number;
  date: string;
  receivedAt?: string;
}

/** The parts of the bill store sync reads: current versions, days, and change notifications. */
export type SyncedStore = Pick<BillStore, 'get' | 'shift' | 'shifts' | 'subscribe'> & {
  /**
   * Current versions with an LSN above `lsn`, in LSN order. A store that has it spares the sync
   * a scan of the journal at start-up (the journal replica in the sync worker has it).
   */
  entriesAfter?(lsn: number): UnsyncedEntry[];
};

export type PutBillOutcome =
  /** DynamoDB now holds this version. */
  | 'written'
  /** The condition failed: DynamoDB already holds this version (same content) or a newer one. */
  | 'already-current'
  /** DynamoDB holds this version with other content: never to be called synced. */
  | 'conflict';

/**
 * The DynamoDB table of one store, in domain terms. Methods throw SyncError (or errors that
 * classifyDynamoError understands); a refused item is SyncError('rejected').
 */
/** A day's Z and cash moves as DynamoDB holds them. */
export interface DayLedgerItems {
  z: LedgerItem<ZReport> | undefined;
  moves: LedgerItem<CashMove>[];
}

export interface BillTable {
  /** Creates the table (pk S HASH, sk S RANGE, on-demand) when missing and waits until active. */
  ensureTable(): Promise<void>;
  /** Writes the bill only when its item is absent or holds an older version. */
  putBill(date: string, bill: Bill, syncedAt: string): Promise<PutBillOutcome>;
  /** Deletes a bill item left in the wrong day, only while it still holds `version`. */
  deleteBill(date: string, id: string, version: number): Promise<void>;
  /**
   * Writes the day's SUMMARY; answers who wrote the one it replaced and when (in the same
   * request), so a second relay writing the same STORE_ID shows up at its next SUMMARY.
   */
  putSummary(date: string, summary: DaySummary, updatedAt: string): Promise<ReplacedSummary>;
  /**
   * Resolves a conflict keeping both versions on record: copies DynamoDB's item of `bill.id` at
   * `bill.version` to a CONFLICT# item of the same day, then puts `bill` in its place (only while
   * DynamoDB still holds that version). Returns false when DynamoDB holds something else now.
   */
  replaceConflicting(date: string, bill: Bill, syncedAt: string): Promise<boolean>;
  getSummary(date: string): Promise<DaySummary | undefined>;
  /**
   * Writes a Z (`sk` `Z`) or a cash move (`sk` `CASHMOVE#{id}`) only when absent: neither ever
   * changes once journaled, so a replay finds it there ('already-current'). A Z also replaces the
   * store's LASTZ item when that holds a lower zNumber (a replay repeats it).
   */
  putLedgerEntry(
    entry: SyncedLedgerEntry,
    journalLsn: number,
    syncedAt: string,
  ): Promise<Exclude<PutBillOutcome, 'conflict'>>;
  /** The day's Z and cash moves (strongly consistent). */
  readDayLedger(date: string): Promise<DayLedgerItems>;
  /**
   * The store's newest Z, however old: its LASTZ item, which putLedgerEntry keeps at the highest
   * zNumber written; for a table written before that item existed, the newest of its Z items.
   */
  readLastZ(): Promise<LedgerItem<ZReport> | undefined>;
  /** Every bill item of the day (all pages), strongly consistent. */
  queryDay(date: string): Promise<Bill[]>;
}
