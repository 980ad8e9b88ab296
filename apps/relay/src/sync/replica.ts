// The sync worker's copy of the bill store, kept from the durable journal: the state the main
// thread had when the worker started (sent once, in chunks), then every journal record after it,
// read from the segment files as the main thread reports them durable. The journal stays the only
// hand-off between intake and sync: no bill travels in a message after start-up.
import type { Bill, DailyShift } from '@caja/models';
import type { StoredBill } from '@caja/models';
import { BillState, type BillChangeListener, type ShiftSummary } from '../storage/index.js';
import type { JournalReader, MovedBill, SyncedStore, UnsyncedEntry } from './ports.js';

/**
 * One current bill version as the main thread sends it at start-up: the bill's canonical JSON
 * (the text the snapshot holds), parsed here, off the thread that answers the tills.
 */
export interface ReplicaEntry {
  json: string;
  shiftDate: string;
  lsn: number;
  receivedAt?: string;
}

const FOLLOW_BATCH = 2000;

export class JournalReplica implements SyncedStore {
  private readonly state = new BillState();
  private readonly listeners = new Set<BillChangeListener>();
  private readonly receivedAt = new Map<string, string>();
  private following: Promise<void> | undefined;
  private wanted = 0;

  constructor(private readonly journal: JournalReader) {}

  /** Highest LSN applied. */
  get lsn(): number {
    return this.state.lsn;
  }

  /** Start-up state, before any follow(); listeners are not told. */
  load(entries: readonly ReplicaEntry[]): void {
    for (const entry of entries) {
      const bill = JSON.parse(entry.json) as Bill;
      this.state.applyPut({ bill, shiftDate: entry.shiftDate, lsn: entry.lsn, json: entry.json });
      if (entry.receivedAt) this.receivedAt.set(bill.id, entry.receivedAt);
    }
  }

  /** The start-up state is complete up to `lsn` (records after it come from the journal). */
  loaded(lsn: number): void {
    this.state.lsn = Math.max(this.state.lsn, lsn);
  }

  /**
   * The journal is durable up to `durableLsn`: read and apply what is new, telling listeners.
   * Calls made while a read is in progress are folded into it.
   */
  follow(durableLsn: number): Promise<void> {
    this.wanted = Math.max(this.wanted, durableLsn);
    this.following ??= this.catchUp().finally(() => (this.following = undefined));
    return this.following;
  }

  private async catchUp(): Promise<void> {
    while (this.state.lsn < this.wanted) {
      const records = await this.journal.readAfter(this.state.lsn, FOLLOW_BATCH);
      if (records.length === 0) return;
      for (const record of records) {
        if (record.bill && record.shiftDate) {
          const previous = this.state.get(record.bill.id);
          const change: MovedBill = {
            bill: record.bill,
            shiftDate: record.shiftDate,
            lsn: record.lsn,
            ...(previous ? { previousShiftDate: previous.shiftDate } : {}),
          };
          this.state.applyPut(change);
          if (record.receivedAt) this.receivedAt.set(record.bill.id, record.receivedAt);
          for (const listener of this.listeners) listener(change);
        } else if (record.drop) {
          this.state.applyDrop(record.drop.days, record.drop.throughLsn, record.lsn);
        } else {
          this.state.lsn = Math.max(this.state.lsn, record.lsn);
        }
      }
    }
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

  subscribe(listener: BillChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  entriesAfter(lsn: number): UnsyncedEntry[] {
    const found: UnsyncedEntry[] = [];
    for (const view of this.state.view()) {
      for (const entry of view.entries) {
        if (entry.lsn <= lsn) continue;
        const receivedAt = this.receivedAt.get(entry.bill.id);
        found.push({
          id: entry.bill.id,
          lsn: entry.lsn,
          date: entry.shiftDate,
          ...(receivedAt ? { receivedAt } : {}),
        });
      }
    }
    return found.sort((a, b) => a.lsn - b.lsn);
  }
}
