// The sync engine's bookkeeping: the durable cursor, dirty days and dead letters (persisted
// together, see state-file.ts) and what only lives in memory (pending bills, repairs queued by
// the consistency check, days confirmed equal to DynamoDB).
import { PendingBills } from './pending.js';
import type { JournalRecord } from './ports.js';
import { saveState, type Conflict, type DeadLetter, type SyncState } from './state-file.js';

export class SyncLedger {
  readonly pending = new PendingBills();
  /** Bill ids the consistency check found missing or older in DynamoDB. */
  readonly requeue = new Map<string, string>();
  /** Days whose local bills equal DynamoDB's, with the time of the last successful check. */
  readonly confirmedDays = new Map<string, number>();
  private readonly dirty: Set<string>;
  private readonly dead: Map<string, DeadLetter>;
  private readonly conflicting: Map<string, Conflict>;
  /** Days a bill left: their old copies must go from DynamoDB even if no local bill remains. */
  readonly formerDays: Set<string>;
  /** Days local cleanup dropped: DynamoDB holds bills of theirs this relay no longer has. */
  readonly droppedDays: Set<string>;
  /** Days whose SUMMARY this relay wrote since it started (another writer there is news). */
  readonly summariesWritten = new Set<string>();
  readonly instanceId: string;
  /** LSNs of cash moves and Zs written in the batch being drained (until the cursor passes). */
  readonly ledgerWritten = new Set<number>();
  /** The newest journal record read with a hash chain: SUMMARY items carry it. */
  chain: { chainLsn: number; chainHead: string } | undefined;
  private cursor: number;

  constructor(
    state: SyncState,
    private readonly path: string,
  ) {
    this.cursor = state.confirmedLsn;
    this.dirty = new Set(state.dirtyDays);
    this.dead = new Map(state.deadLetters.map((letter) => [letter.id, letter]));
    this.conflicting = new Map(state.conflicts.map((conflict) => [conflict.id, conflict]));
    this.formerDays = new Set(state.formerDays);
    this.droppedDays = new Set(state.droppedDays);
    this.instanceId = state.instanceId;
  }

  get confirmedLsn(): number {
    return this.cursor;
  }

  /** Only for a journal that restarted from scratch (see SyncEngine.start). */
  resetCursor(): void {
    this.cursor = 0;
  }

  advanceTo(lsn: number): void {
    if (lsn > this.cursor) this.cursor = lsn;
  }

  /** DynamoDB holds bill `id` of `date` at the version of journal record `lsn` or newer. */
  confirmBill(id: string, date: string, lsn: number, version: number): void {
    this.pending.confirm(id, lsn);
    const letter = this.dead.get(id);
    if (letter && letter.version <= version) this.dead.delete(id);
    const conflict = this.conflicting.get(id);
    if (conflict && conflict.version < version) this.conflicting.delete(id);
    this.markChanged(date);
  }

  /** DynamoDB holds other content at this version: never synced, the day never confirmed. */
  addConflict(conflict: Conflict): void {
    this.conflicting.set(conflict.id, conflict);
    this.pending.confirm(conflict.id, conflict.lsn);
    this.confirmedDays.delete(conflict.date);
  }

  conflictFor(id: string): Conflict | undefined {
    return this.conflicting.get(id);
  }

  resolveConflict(id: string): void {
    const conflict = this.conflicting.get(id);
    if (!conflict) return;
    this.conflicting.delete(id);
    this.markChanged(conflict.date);
  }

  get conflicts(): Conflict[] {
    return [...this.conflicting.values()];
  }

  /** Remembers the newest chained record of a batch just read. */
  noteChain(records: readonly JournalRecord[]): void {
    for (let i = records.length - 1; i >= 0; i--) {
      const { lsn, prev } = records[i]!;
      if (prev === undefined) continue;
      if (!this.chain || lsn > this.chain.chainLsn) this.chain = { chainLsn: lsn, chainHead: prev };
      return;
    }
  }

  /** Remembers the days of the batch's local cleanup records (saved with the cursor). */
  noteDrops(records: readonly JournalRecord[]): void {
    for (const { drop } of records)
      if (drop) for (const date of drop.days) this.droppedDays.add(date);
  }

  /** A day's bills changed in DynamoDB (or locally): its SUMMARY is stale, it is unconfirmed. */
  markChanged(date: string): void {
    this.dirty.add(date);
    this.confirmedDays.delete(date);
  }

  addDeadLetter(letter: DeadLetter): void {
    this.dead.set(letter.id, letter);
    this.pending.confirm(letter.id, letter.lsn);
    this.confirmedDays.delete(letter.date);
  }

  deadLetterFor(id: string): DeadLetter | undefined {
    return this.dead.get(id);
  }

  get deadLetters(): DeadLetter[] {
    return [...this.dead.values()];
  }

  get dirtyDays(): string[] {
    return [...this.dirty].sort();
  }

  summaryWritten(date: string): void {
    this.dirty.delete(date);
  }

  /**
   * True when every local bill of the day is confirmed in DynamoDB at its latest version: no
   * pending bill, no dead letter, no conflict, no queued repair. Only then does a SUMMARY describe DynamoDB.
   */
  isSettled(date: string): boolean {
    if (this.pending.countForDay(date) > 0) return false;
    for (const letter of this.dead.values()) if (letter.date === date) return false;
    for (const conflict of this.conflicting.values()) if (conflict.date === date) return false;
    for (const day of this.requeue.values()) if (day === date) return false;
    return true;
  }

  snapshot(): SyncState {
    return {
      schemaVersion: 2,
      instanceId: this.instanceId,
      confirmedLsn: this.cursor,
      dirtyDays: this.dirtyDays,
      deadLetters: this.deadLetters,
      conflicts: this.conflicts,
      formerDays: [...this.formerDays].sort(),
      droppedDays: [...this.droppedDays].sort(),
    };
  }

  persist(): Promise<void> {
    return saveState(this.path, this.snapshot());
  }
}
