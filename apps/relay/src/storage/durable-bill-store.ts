// The relay's durable BillStore: journal (write path, group commit) + in-memory state (reads)
// + periodic snapshots and backups (snapshot-scheduler.ts). Same decisions as MemoryBillStore.
//
// A put is decided at enqueue time against the newest version known, durable or still in
// flight, so two versions of one bill in flight are ordered correctly. The state changes and
// listeners fire only once the record is fsynced. Duplicates and conflicts write nothing, but
// when they concern a version still in flight they are answered only once it is durable.
import {
  businessDay,
  decideUpsert,
  withSortedKeys,
  type Bill,
  type DailyShift,
  type StoredBill,
} from '@caja/models';
import type {
  BillChange,
  BillChangeListener,
  BillStore,
  LedgerContext,
  PutResult,
  ShiftSummary,
} from './bill-store.js';
import type { BackupOutcome } from './backups.js';
import type { BillState, StateEntry } from './bill-state.js';
import { BusinessDayMemo } from './business-day-memo.js';
import { planCleanup, type CleanupRules } from './cleanup-plan.js';
import type { DataDirLock } from './data-dir-lock.js';
import { StorageError, faultReason, type StorageFaultReason } from './errors.js';
import { GroupCommit } from './group-commit.js';
import type { LedgerBook } from '../ledger/ledger-book.js';
import type { LedgerEntry } from '../ledger/ledger-entry.js';
import { encodePayload, payloadHash, type JournalRecord } from './journal-record.js';
import type { JournalWriter } from './journal-writer.js';
import { SnapshotScheduler, type StorageStatus } from './snapshot-scheduler.js';
import type { WrittenSnapshot } from './snapshot-writer.js';
import type { ResolvedStoreOptions } from './store-options.js';

/** `hash`: SHA-256 of `payload`, the chain's head once this record is durable. */
type Pending = { payload: string; hash: string } & (
  | { kind: 'put'; entry: StateEntry; receivedAt: string }
  | { kind: 'drop'; lsn: number; days: string[]; throughLsn: number }
  | { kind: 'ledger'; lsn: number; entry: LedgerEntry }
);

interface InFlight {
  entry: StateEntry;
  durable: Promise<void>;
}

export interface CleanupResult {
  dropped: { date: string; billCount: number }[];
  keptUnconfirmed: string[];
  /** LSN of the journal record of the drop, when anything was dropped. */
  lsn?: number;
}

/** The disk refused the last write: set by a failed append, cleared by the next good one. */
export interface StorageFault {
  reason: StorageFaultReason;
  since: string;
  /** The system's message, for admins and the log only (it may hold paths). */
  detail: string;
}

export class DurableBillStore implements BillStore {
  private fault: StorageFault | undefined;
  private readonly inFlight = new Map<string, InFlight>();
  private readonly listeners = new Set<BillChangeListener>();
  private readonly commits: GroupCommit<Pending>;
  private readonly businessDays: BusinessDayMemo;
  private nextLsn: number;
  /** Hash of the newest record queued (in flight or durable): the next record's "prev". */
  private chainHead: string;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly options: ResolvedStoreOptions,
    private readonly state: BillState,
    private readonly writer: JournalWriter,
    private readonly snapshots: SnapshotScheduler,
    private readonly lock: DataDirLock,
    /** Start-up's background work (open-durable-store.ts), run once by startMaintenance(). */
    private maintenance?: () => void,
  ) {
    this.nextLsn = state.lsn + 1;
    this.chainHead = state.chainHead;
    this.businessDays = new BusinessDayMemo(options.timeZone);
    this.commits = new GroupCommit<Pending>({
      write: (batch) => this.writeBatch(batch),
      committed: (batch) => this.commit(batch),
      failed: (error, lost) => this.forget(error, lost.length),
    });
  }

  async putMany(bills: readonly Bill[]): Promise<PutResult[]> {
    this.assertWritable();
    // Business days first: a bad date throws before any bill of the call is queued.
    const shiftDates = bills.map((bill) => this.businessDays.dayOf(bill.createdAt));
    const receivedAt = this.options.now().toISOString();
    return Promise.all(bills.map((bill, i) => this.put(bill, shiftDates[i]!, receivedAt)));
  }

  private put(bill: Bill, shiftDate: string, receivedAt: string): Promise<PutResult> | PutResult {
    const inFlight = this.inFlight.get(bill.id);
    const current = inFlight?.entry ?? this.state.get(bill.id);
    const decision = decideUpsert(current?.bill, bill);
    if (decision === 'conflict' || decision === 'duplicate') {
      const result: PutResult =
        decision === 'conflict'
          ? { ok: false, outcome: 'conflict', stored: current!.bill }
          : {
              ok: true,
              outcome: 'duplicate',
              id: bill.id,
              version: bill.version,
              ...where(current!),
            };
      // Answering before the version it matched is durable could acknowledge a bill we lose.
      return inFlight ? inFlight.durable.then(() => result) : result;
    }
    // Sorted keys once, here: every later serialization of this bill is then canonical.
    const canonical = withSortedKeys(bill);
    const json = JSON.stringify(canonical);
    const entry: StateEntry = { bill: canonical, shiftDate, lsn: this.nextLsn++, json };
    const record = { op: 'put', lsn: entry.lsn, receivedAt, shiftDate, bill: canonical } as const;
    const durable = this.commits.submit({
      kind: 'put',
      entry,
      receivedAt,
      ...this.chained(record, json),
    });
    this.inFlight.set(bill.id, { entry, durable });
    const outcome = decision === 'create' ? 'created' : 'updated';
    return durable.then(() => ({
      ok: true,
      outcome,
      id: bill.id,
      version: bill.version,
      ...where(entry),
    }));
  }

  /**
   * Journals a ledger record (cash move, close), built from its LSN and the chain head before
   * it at the moment it is queued. Resolves once durable and applied to the book.
   */
  async appendLedger(build: (context: LedgerContext) => LedgerEntry): Promise<LedgerEntry> {
    this.assertWritable();
    const lsn = this.nextLsn;
    const receivedAt = this.options.now().toISOString();
    const entry = build({ lsn, receivedAt, chainHead: this.chainHead });
    this.nextLsn += 1;
    const chained = this.chained({ op: 'ledger', lsn, receivedAt, entry });
    await this.commits.submit({ kind: 'ledger', lsn, entry, ...chained });
    return entry;
  }

  /** The ledger's state (durable records only). */
  get book(): LedgerBook {
    /* v8 ignore next: recovery always gives the store's state a book */
    if (!this.state.book) throw new Error('the store state has no ledger book');
    return this.state.book;
  }

  /** SHA-256 of the newest durable journal record. */
  get durableChainHead(): string {
    return this.state.chainHead;
  }

  /** Payload and hash of the next record, linked to the one before when the chain is on. */
  private chained(record: JournalRecord, billJson?: string): { payload: string; hash: string } {
    if (!this.options.hashChain) return { payload: encodePayload(record, billJson), hash: '' };
    const payload = encodePayload(record, billJson, this.chainHead);
    this.chainHead = payloadHash(payload);
    return { payload, hash: this.chainHead };
  }

  get(id: string): StoredBill | undefined {
    const entry = this.state.get(id);
    return entry && { bill: entry.bill, shiftDate: entry.shiftDate, lsn: entry.lsn };
  }

  shift(date: string): DailyShift {
    return this.state.shift(date);
  }

  shifts(from: string, to: string): ShiftSummary[] {
    return this.state.shifts(from, to);
  }

  /**
   * Every current bill version (durable ones only) as of the first read, day by day, as canonical
   * JSON: the text the snapshot holds, so a bill loaded from it is not parsed here (the sync
   * worker parses it). Each text is made as it is read: a caller can take a chunk at a time.
   */
  *currentVersions(): Generator<{ json: string; shiftDate: string; lsn: number }> {
    for (const day of this.state.view()) {
      for (const entry of day.entries) {
        entry.json ??= JSON.stringify(entry.bill);
        yield { json: entry.json, shiftDate: entry.shiftDate, lsn: entry.lsn };
      }
    }
  }

  subscribe(listener: BillChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** LSN of the newest durable record. */
  get lsn(): number {
    return this.state.lsn;
  }

  /** Number of journal writes (each one fdatasync) so far. */
  get journalWrites(): number {
    return this.commits.writes;
  }

  /** Writes daily_shifts.json now if it is behind (normally automatic, about once a second). */
  writeSnapshot(): Promise<WrittenSnapshot | undefined> {
    return this.snapshots.writeSnapshot();
  }

  /** Copies a fresh, verified snapshot into every BACKUP_DIRS folder (normally on a timer). */
  backupNow(): Promise<BackupOutcome[]> {
    return this.snapshots.backupNow();
  }

  status(): StorageStatus {
    return this.snapshots.status(this.inFlight.size, this.writer.failed?.message);
  }

  /** Why the last write failed, until a write succeeds again; undefined while writes work. */
  storageFault(): StorageFault | undefined {
    const failed = this.writer.failed;
    if (failed && !this.fault) {
      return { reason: faultReason(failed), since: '', detail: failed.message };
    }
    return this.fault;
  }

  /**
   * Local cleanup: drops whole days older than `retentionDays` whose bills are all confirmed in
   * DynamoDB, never today. Journaled like a bill, so no replay brings those days back.
   */
  async cleanup(rules: Partial<Pick<CleanupRules, 'today'>> & Omit<CleanupRules, 'today'>) {
    this.assertWritable();
    const today = rules.today ?? businessDay(this.options.now(), this.options.timeZone);
    const plan = planCleanup(this.state.dates(), { ...rules, today });
    const result: CleanupResult = { dropped: [], keptUnconfirmed: plan.keepUnconfirmed };
    if (plan.drop.length === 0) return result;
    // Only bills visible now (and so judged by isDayConfirmed) go; any in flight stay.
    const throughLsn = this.state.lsn;
    result.dropped = plan.drop.map((date) => ({ date, billCount: this.shift(date).billCount }));
    const lsn = this.nextLsn++;
    const receivedAt = this.options.now().toISOString();
    const days = plan.drop;
    const chained = this.chained({ op: 'drop', lsn, receivedAt, throughLsn, days });
    await this.commits.submit({ kind: 'drop', lsn, days, throughLsn, ...chained });
    this.options.logger.info('cleanup dropped days', { days, lsn });
    return { ...result, lsn };
  }

  /**
   * Starts the background work of start-up (see `deferMaintenance`); later calls do nothing,
   * and so does a call on a closed store (close() writes the final snapshot itself).
   */
  startMaintenance(): void {
    const maintenance = this.maintenance;
    this.maintenance = undefined;
    if (!this.closing) maintenance?.();
  }

  /** Stops intake, waits for writes in flight, writes a final snapshot. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.commits.idle();
      try {
        await this.snapshots.close();
      } finally {
        await this.writer.close().catch(() => undefined);
        this.lock.release();
      }
    })();
    return this.closing;
  }

  private assertWritable(): void {
    if (this.closing) throw new StorageError('STORE_CLOSED', 'The store is closed.');
    if (this.writer.failed) throw this.writer.failed;
  }

  private writeBatch(batch: readonly Pending[]): Promise<void> {
    const first = batch[0]!;
    const firstLsn = first.kind === 'put' ? first.entry.lsn : first.lsn;
    return this.writer.append(
      firstLsn,
      batch.map((item) => item.payload),
    );
  }

  /** A batch is durable: make it visible, in LSN order, then tell listeners. */
  private commit(batch: readonly Pending[]): void {
    if (this.fault) {
      this.options.logger.info('journal writes work again', { reason: this.fault.reason });
      this.fault = undefined;
    }
    for (const item of batch) {
      if (item.hash) this.state.chainHead = item.hash;
      if (item.kind === 'drop') {
        this.state.applyDrop(item.days, item.throughLsn, item.lsn);
        continue;
      }
      if (item.kind === 'ledger') {
        this.state.applyLedger(item.entry, item.lsn);
        continue;
      }
      const { entry } = item;
      const previous = this.state.get(entry.bill.id);
      this.state.applyPut(entry, item.receivedAt);
      if (this.inFlight.get(entry.bill.id)?.entry === entry) this.inFlight.delete(entry.bill.id);
      const change: BillChange = { bill: entry.bill, shiftDate: entry.shiftDate, lsn: entry.lsn };
      if (previous) change.previousShiftDate = previous.shiftDate;
      for (const listener of this.listeners) {
        try {
          listener(change);
        } catch (error) {
          this.options.logger.error('bill listener failed', { error: String(error) });
        }
      }
    }
    this.snapshots.stateChanged();
  }

  /**
   * A write failed: the failed batch and everything queued behind it is lost (its submitters
   * get the error). Nothing of it was made visible; LSNs restart after the last durable one.
   */
  private forget(error: unknown, lost: number): void {
    this.inFlight.clear();
    this.nextLsn = this.writer.lastDurableLsn + 1;
    const detail = error instanceof Error ? error.message : String(error);
    this.fault ??= {
      reason: faultReason(error),
      since: this.options.now().toISOString(),
      detail,
    };
    this.chainHead = this.state.chainHead;
    this.options.logger.error('journal append failed: bills rejected, nothing acknowledged', {
      error: error instanceof Error ? error.message : String(error),
      lostRecords: lost,
      failed: Boolean(this.writer.failed),
    });
  }
}

function where({ shiftDate, lsn }: StoredBill) {
  return { shiftDate, lsn };
}
