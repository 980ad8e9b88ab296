// In-memory twin of DynamoBillTable for unit tests: same conditions, same SyncError codes, plus
// a fault hook that lets a test fail, slow down or observe any request.
import { sameContent, type Bill, type CashMove, type ZReport } from '@caja/models';
import type { LedgerItem } from '../../../src/dynamo/items.js';
import type { SyncedLedgerEntry } from '../../../src/ledger/ledger-entry.js';
import type { DaySummary } from '../../../src/sync/digest.js';
import { SyncError } from '../../../src/dynamo/errors.js';
import type { BillTable, DayLedgerItems, PutBillOutcome } from '../../../src/sync/ports.js';

export type TableOperation =
  | 'ensureTable'
  | 'putBill'
  | 'deleteBill'
  | 'putSummary'
  | 'getSummary'
  | 'queryDay'
  | 'putLedgerEntry'
  | 'readDayLedger'
  | 'readLastZ';

export interface StoredBillItem {
  bill: Bill;
  syncedAt: string;
}

/** Returns an error to fail the request, or undefined to let it through; may await. */
export type FaultHook = (
  operation: TableOperation,
  detail: { date?: string; bill?: Bill },
) => SyncError | undefined | Promise<SyncError | undefined>;

const MAX_ITEM_BYTES = 400 * 1024;

export class MemoryBillTable implements BillTable {
  readonly days = new Map<string, Map<string, StoredBillItem>>();
  readonly summaries = new Map<string, DaySummary & { updatedAt: string }>();
  readonly requests: Record<TableOperation, number> = {
    ensureTable: 0,
    putBill: 0,
    deleteBill: 0,
    putSummary: 0,
    getSummary: 0,
    queryDay: 0,
    putLedgerEntry: 0,
    readDayLedger: 0,
    readLastZ: 0,
  };
  /** Zs by date, cash moves by date then id. */
  readonly zs = new Map<string, LedgerItem<ZReport>>();
  readonly moves = new Map<string, Map<string, LedgerItem<CashMove>>>();
  /** The store's LASTZ item (undefined: a table written before it existed, or no Z yet). */
  lastZ: LedgerItem<ZReport> | undefined;
  fault: FaultHook | undefined;
  private inFlight = 0;
  maxInFlight = 0;

  private async enter(operation: TableOperation, detail: { date?: string; bill?: Bill } = {}) {
    this.requests[operation] += 1;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const error = await this.fault?.(operation, detail);
      if (error) throw error;
    } finally {
      this.inFlight -= 1;
    }
  }

  async ensureTable(): Promise<void> {
    await this.enter('ensureTable');
  }

  async putBill(date: string, bill: Bill, syncedAt: string): Promise<PutBillOutcome> {
    await this.enter('putBill', { date, bill });
    if (JSON.stringify(bill).length > MAX_ITEM_BYTES)
      throw new SyncError('rejected', 'Item size has exceeded the maximum allowed size');
    const day = this.day(date);
    const existing = day.get(bill.id);
    if (existing && existing.bill.version > bill.version) return 'already-current';
    if (existing && existing.bill.version === bill.version)
      return sameContent(existing.bill, bill) ? 'already-current' : 'conflict';
    day.set(bill.id, { bill: structuredClone(bill), syncedAt });
    return 'written';
  }

  /** Conflicting versions set aside by replaceConflicting, for assertions. */
  readonly setAside: Array<{ date: string } & StoredBillItem> = [];

  async replaceConflicting(date: string, bill: Bill, syncedAt: string): Promise<boolean> {
    await this.enter('putBill', { date, bill });
    const day = this.day(date);
    const existing = day.get(bill.id);
    if (!existing || existing.bill.version !== bill.version) return false;
    this.setAside.push({ date, ...existing });
    day.set(bill.id, { bill: structuredClone(bill), syncedAt });
    return true;
  }

  async deleteBill(date: string, id: string, version: number): Promise<void> {
    await this.enter('deleteBill', { date });
    const day = this.day(date);
    if (day.get(id)?.bill.version === version) day.delete(id);
  }

  async putSummary(date: string, summary: DaySummary, updatedAt: string) {
    await this.enter('putSummary', { date });
    const replaced = this.summaries.get(date);
    this.summaries.set(date, { ...summary, updatedAt });
    return {
      ...(replaced?.writerId && { writerId: replaced.writerId }),
      ...(replaced && { updatedAt: replaced.updatedAt }),
    };
  }

  async getSummary(date: string): Promise<DaySummary | undefined> {
    await this.enter('getSummary', { date });
    const stored = this.summaries.get(date);
    if (!stored) return undefined;
    const { total, billCount, digest, writerId, chainLsn, chainHead } = stored;
    return {
      total,
      billCount,
      digest,
      ...(writerId ? { writerId } : {}),
      ...(chainLsn !== undefined && chainHead !== undefined ? { chainLsn, chainHead } : {}),
    };
  }

  async putLedgerEntry(
    entry: SyncedLedgerEntry,
    journalLsn: number,
  ): Promise<'written' | 'already-current'> {
    if (entry.type === 'close') {
      await this.enter('putLedgerEntry', { date: entry.z.date });
      const outcome = this.zs.has(entry.z.date) ? 'already-current' : 'written';
      if (outcome === 'written')
        this.zs.set(entry.z.date, { value: structuredClone(entry.z), journalLsn });
      if (!this.lastZ || this.lastZ.value.zNumber < entry.z.zNumber)
        this.lastZ = { value: structuredClone(entry.z), journalLsn };
      return outcome;
    }
    await this.enter('putLedgerEntry', { date: entry.move.date });
    let day = this.moves.get(entry.move.date);
    if (!day) this.moves.set(entry.move.date, (day = new Map()));
    if (day.has(entry.move.id)) return 'already-current';
    day.set(entry.move.id, { value: structuredClone(entry.move), journalLsn });
    return 'written';
  }

  async readDayLedger(date: string): Promise<DayLedgerItems> {
    await this.enter('readDayLedger', { date });
    const moves = [...(this.moves.get(date)?.values() ?? [])].sort(
      (a, b) => a.journalLsn - b.journalLsn,
    );
    return { z: structuredClone(this.zs.get(date)), moves: structuredClone(moves) };
  }

  async readLastZ(): Promise<LedgerItem<ZReport> | undefined> {
    await this.enter('readLastZ');
    if (this.lastZ) return structuredClone(this.lastZ);
    // As DynamoBillTable: without the item, the highest-numbered Z item (a scan).
    let newest: LedgerItem<ZReport> | undefined;
    for (const z of this.zs.values())
      if (!newest || z.value.zNumber > newest.value.zNumber) newest = z;
    return structuredClone(newest);
  }

  async queryDay(date: string): Promise<Bill[]> {
    await this.enter('queryDay', { date });
    return [...this.day(date).values()].map((item) => structuredClone(item.bill));
  }

  /** Every bill item, for assertions. */
  allBills(): Array<{ date: string } & StoredBillItem> {
    return [...this.days].flatMap(([date, day]) => [...day.values()].map((i) => ({ date, ...i })));
  }

  private day(date: string): Map<string, StoredBillItem> {
    let day = this.days.get(date);
    if (!day) this.days.set(date, (day = new Map()));
    return day;
  }
}
