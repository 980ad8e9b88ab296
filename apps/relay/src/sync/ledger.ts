// The sync engine's bookkeeping: the durable cursor, dirty days and dead letters (persisted
// together, see state-file.ts) and what only lives in memory (pending bills, repairs queued by
// the consistency check, days confirmed equal to DynamoDB).
import { PendingBills } from './pending.js';
import { saveState, type DeadLetter, type SyncState } from './state-file.js';

export class SyncLedger {
  readonly pending = new PendingBills();
  /** Bill ids the consistency check found missing or older in DynamoDB. */
  readonly requeue = new Map<string, string>();
  /** Days whose local bills equal DynamoDB's, with the time of the last successful check. */
  readonly confirmedDays = new Map<string, number>();
  private readonly dirty: Set<string>;
  private readonly dead: Map<string, DeadLetter>;
  private cursor: number;

  constructor(
    state: SyncState,
    private readonly path: string,
  ) {
    this.cursor = state.confirmedLsn;
    this.dirty = new Set(state.dirtyDays);
    this.dead = new Map(state.deadLetters.map((letter) => [letter.id, letter]));
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
    this.markChanged(date);
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
   * pending bill, no dead letter, no queued repair. Only then does a SUMMARY describe DynamoDB.
   */
  isSettled(date: string): boolean {
    if (this.pending.countForDay(date) > 0) return false;
    for (const letter of this.dead.values()) if (letter.date === date) return false;
    for (const day of this.requeue.values()) if (day === date) return false;
    return true;
  }

  snapshot(): SyncState {
    return {
      schemaVersion: 1,
      confirmedLsn: this.cursor,
      dirtyDays: this.dirtyDays,
      deadLetters: this.deadLetters,
    };
  }

  persist(): Promise<void> {
    return saveState(this.path, this.snapshot());
  }
}
