// In-memory twin of the durable store, for route and service tests. Same decisions, no disk.
import { createHash } from 'node:crypto';
import {
  businessDay,
  decideUpsert,
  makeShift,
  type Bill,
  type DailyShift,
  type StoredBill,
} from '@caja/models';
import { LedgerBook } from '../ledger/ledger-book.js';
import type { LedgerEntry } from '../ledger/ledger-entry.js';
import type {
  BillChangeListener,
  BillStore,
  LedgerContext,
  PutResult,
  ShiftSummary,
} from './bill-store.js';

export class MemoryBillStore implements BillStore {
  private readonly bills = new Map<string, StoredBill>();
  private readonly listeners = new Set<BillChangeListener>();
  private lsn = 0;
  /** A chain over the canonical JSON of each change (the durable store hashes its records). */
  private chainHead = '0'.repeat(64);
  readonly book: LedgerBook;

  constructor(
    private readonly timeZone: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.book = new LedgerBook(timeZone);
  }

  async appendLedger(build: (context: LedgerContext) => LedgerEntry): Promise<LedgerEntry> {
    const lsn = ++this.lsn;
    const entry = build({ lsn, receivedAt: this.now().toISOString(), chainHead: this.chainHead });
    this.link(entry);
    this.book.apply(entry, lsn);
    return entry;
  }

  private link(record: unknown): void {
    this.chainHead = createHash('sha256')
      .update(this.chainHead)
      .update(JSON.stringify(record))
      .digest('hex');
  }

  async putMany(bills: readonly Bill[]): Promise<PutResult[]> {
    return bills.map((bill) => this.put(bill));
  }

  private put(bill: Bill): PutResult {
    const stored = this.bills.get(bill.id);
    const decision = decideUpsert(stored?.bill, bill);
    if (decision === 'conflict') return { ok: false, outcome: 'conflict', stored: stored!.bill };
    if (decision === 'duplicate') {
      const { shiftDate, lsn } = stored!;
      return { ok: true, outcome: 'duplicate', id: bill.id, version: bill.version, shiftDate, lsn };
    }
    const change: StoredBill = {
      bill,
      shiftDate: businessDay(bill.createdAt, this.timeZone),
      lsn: ++this.lsn,
    };
    this.book.onPut(stored, change, this.now().toISOString());
    this.bills.set(bill.id, change);
    this.link(bill);
    const notice = stored ? { ...change, previousShiftDate: stored.shiftDate } : change;
    for (const listener of this.listeners) listener(notice);
    const outcome = decision === 'create' ? 'created' : 'updated';
    return { ok: true, outcome, id: bill.id, version: bill.version, ...pick(change) };
  }

  get(id: string): StoredBill | undefined {
    return this.bills.get(id);
  }

  shift(date: string): DailyShift {
    const bills = [...this.bills.values()].filter((s) => s.shiftDate === date).map((s) => s.bill);
    return makeShift(date, bills);
  }

  shifts(from: string, to: string): ShiftSummary[] {
    const dates = new Set(
      [...this.bills.values()].map((s) => s.shiftDate).filter((d) => d >= from && d <= to),
    );
    return [...dates].sort().map((date) => {
      const { total, billCount } = this.shift(date);
      return { date, total, billCount };
    });
  }

  subscribe(listener: BillChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {}
}

function pick({ shiftDate, lsn }: StoredBill) {
  return { shiftDate, lsn };
}
