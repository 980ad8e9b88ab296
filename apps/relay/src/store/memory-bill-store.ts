// In-memory twin of the durable store, for route and service tests. Same decisions, no disk.
import { businessDay, decideUpsert, makeShift, type Bill, type DailyShift } from '@caja/models';
import type {
  BillChangeListener,
  BillStore,
  PutResult,
  ShiftSummary,
  StoredBill,
} from './bill-store.js';

export class MemoryBillStore implements BillStore {
  private readonly bills = new Map<string, StoredBill>();
  private readonly listeners = new Set<BillChangeListener>();
  private lsn = 0;

  constructor(private readonly timeZone: string) {}

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
    this.bills.set(bill.id, change);
    for (const listener of this.listeners) listener(change);
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
