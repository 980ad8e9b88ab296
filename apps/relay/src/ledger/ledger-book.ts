// The ledger's state beside the bills: cash moves and Zs (from ledger records), and what is
// derived from bills as they arrive and must outlive their local cleanup: each till's highest
// number and gaps, earlier versions of modified bills, and the report aggregates of dropped
// bills. Changed only through onPut/onDrop/apply, which live intake, journal replay and snapshot
// loading all call in LSN order, so a restarted relay reaches exactly the same book.
import {
  addDays,
  aggregateDay,
  aggregateFromJson,
  aggregateToJson,
  mergeAggregates,
  removeBill,
  TillNumbers,
  type Bill,
  type CashMove,
  type DayAggregate,
  type DayAggregateJson,
  type TillNumbersJson,
  type ZReport,
} from '@caja/models';
import type { StoredBill } from '@caja/models';
import type { LedgerEntry } from './ledger-entry.js';

export interface StoredZ {
  z: ZReport;
  /** LSN of the close record: a bill of the day with a higher LSN arrived after the close. */
  lsn: number;
}

export interface StoredMove {
  move: CashMove;
  lsn: number;
}

/** An earlier version of a bill, kept so "modified" can say what changed. */
export interface PastVersion {
  bill: Bill;
  shiftDate: string;
  /** When the version that replaced it arrived. */
  replacedAt?: string;
}

/** The book in daily_shifts.json ("ledger" member). */
export interface LedgerBookJson {
  moves: StoredMove[];
  zs: StoredZ[];
  tills: [string, TillNumbersJson][];
  pastVersions: [string, PastVersion[]][];
  droppedAggregates: DayAggregateJson[];
  /**
   * Bills of dropped days, trimmed to what aggregates and a Z count (absent before it existed;
   * void ones and `number` only since a Z of a dropped day needs them).
   */
  droppedBills?: [string, DroppedBill][];
  /** Per closed day, the bills local cleanup dropped that had arrived after its close. */
  lateDropped?: [string, string[]][];
  /**
   * Credit note ids by the sale they name, as the live bills give them (absent before it was
   * written): with it, start-up need not read every bill of the snapshot to rebuild them.
   */
  refunds?: [string, string[]][];
}

/**
 * A dropped bill, as its day's aggregate counted it (taken back out if a new version arrives) and
 * as a Z of its day, closed after the drop, counts it.
 */
export interface DroppedBill {
  date: string;
  bill: Bill;
}

/** Dropped bills older than this (from the newest dropped day) are forgotten: bounded size. */
export const DROPPED_BILLS_DAYS = 92;

export class LedgerBook {
  private readonly moves = new Map<string, StoredMove[]>();
  private readonly zs = new Map<string, StoredZ>();
  private lastZ: ZReport | undefined;
  readonly tills = new Map<string, TillNumbers>();
  private readonly pastVersions = new Map<string, PastVersion[]>();
  private readonly dropped = new Map<string, DayAggregate>();
  private readonly droppedBills = new Map<string, DroppedBill>();
  /** Per closed day, ids of dropped bills that arrived after the close (a reprint lists them). */
  private readonly lateDropped = new Map<string, string[]>();
  /** Derived from live bills (kept in the snapshot's book): credit note ids by the sale they name. */
  private readonly refunds = new Map<string, Set<string>>();
  /** Derived, per day: aggregates of the live bills, dropped when the day changes. */
  private readonly liveAggregates = new Map<string, DayAggregate>();

  constructor(readonly timeZone: string) {}

  load(json: LedgerBookJson): void {
    for (const stored of json.moves) this.addMove(stored);
    for (const stored of json.zs) this.addZ(stored);
    for (const [tillId, numbers] of json.tills)
      this.tills.set(tillId, TillNumbers.fromJson(numbers));
    for (const [id, versions] of json.pastVersions) this.pastVersions.set(id, versions);
    for (const aggregate of json.droppedAggregates) {
      this.dropped.set(aggregate.date, aggregateFromJson(aggregate));
    }
    for (const [id, dropped] of json.droppedBills ?? []) this.droppedBills.set(id, dropped);
    for (const [date, ids] of json.lateDropped ?? []) this.lateDropped.set(date, ids);
    for (const [saleId, notes] of json.refunds ?? []) this.refunds.set(saleId, new Set(notes));
  }

  toJson(): LedgerBookJson {
    return {
      moves: [...this.moves.values()].flat(),
      zs: [...this.zs.values()].sort((a, b) => a.z.zNumber - b.z.zNumber),
      tills: [...this.tills].map(([tillId, numbers]) => [tillId, numbers.toJson()]),
      pastVersions: [...this.pastVersions],
      droppedAggregates: [...this.dropped.values()].map(aggregateToJson),
      droppedBills: [...this.droppedBills],
      lateDropped: [...this.lateDropped],
      refunds: [...this.refunds]
        .filter(([, notes]) => notes.size > 0)
        .map(([saleId, notes]) => [saleId, [...notes]]),
    };
  }

  /** A bill version became current (`previous` is the one it replaced, if any). */
  onPut(previous: StoredBill | undefined, entry: StoredBill, receivedAt: string | undefined): void {
    const { bill } = entry;
    if (bill.number !== undefined) {
      let numbers = this.tills.get(bill.tillId);
      if (!numbers) this.tills.set(bill.tillId, (numbers = new TillNumbers()));
      numbers.record(bill.number, receivedAt ?? '1970-01-01T00:00:00.000Z');
    }
    if (!previous) this.takeBackDropped(bill);
    if (previous) {
      const past = this.pastVersions.get(bill.id) ?? [];
      past.push({ bill: previous.bill, shiftDate: previous.shiftDate, replacedAt: receivedAt });
      this.pastVersions.set(bill.id, past);
      this.liveAggregates.delete(previous.shiftDate);
      if (previous.bill.refundOf !== undefined) {
        this.refunds.get(previous.bill.refundOf)?.delete(bill.id);
      }
    }
    if (bill.refundOf !== undefined && bill.kind === 'credit_note') {
      let notes = this.refunds.get(bill.refundOf);
      if (!notes) this.refunds.set(bill.refundOf, (notes = new Set()));
      notes.add(bill.id);
    }
    this.liveAggregates.delete(entry.shiftDate);
  }

  /**
   * Local cleanup dropped these bills of `date` (`lsns[i]` the journal LSN of `bills[i]`): keep
   * what reports, a late Z and a reprint need of them.
   */
  onDrop(date: string, bills: readonly Bill[], lsns: readonly number[] = []): void {
    if (bills.length === 0) return;
    const close = this.zs.get(date);
    if (close) {
      const late = bills.filter((_, i) => (lsns[i] ?? 0) > close.lsn).map((bill) => bill.id);
      const known = this.lateDropped.get(date) ?? [];
      if (late.length > 0) this.lateDropped.set(date, [...new Set([...known, ...late])]);
    }
    const aggregate = aggregateDay(date, bills, this.timeZone);
    const before = this.dropped.get(date);
    this.dropped.set(date, before ? mergeAggregates(before, aggregate) : aggregate);
    this.liveAggregates.delete(date);
    this.forgetOldDropped(date);
    for (const bill of bills) {
      this.droppedBills.set(bill.id, { date, bill: trimmed(bill) });
      this.pastVersions.delete(bill.id);
      if (bill.refundOf !== undefined) this.refunds.get(bill.refundOf)?.delete(bill.id);
    }
  }

  /**
   * A new version of a bill whose day was dropped locally: its old version is still counted in
   * that day's kept aggregate, so take it out (the new one counts where it now belongs).
   */
  private takeBackDropped(bill: Bill): void {
    const dropped = this.droppedBills.get(bill.id);
    // The same version again (a till that never saw the answer sends it once more) replaces
    // its dropped copy too: the day counts it once, live.
    if (!dropped || dropped.bill.version > bill.version) return;
    this.droppedBills.delete(bill.id);
    const aggregate = this.dropped.get(dropped.date);
    if (aggregate) removeBill(aggregate, dropped.bill, this.timeZone);
    this.liveAggregates.delete(dropped.date);
  }

  /** Forgets dropped bills of days long gone, so the index stays bounded. */
  private forgetOldDropped(newest: string): void {
    const horizon = addDays(newest, -DROPPED_BILLS_DAYS);
    for (const [id, dropped] of this.droppedBills)
      if (dropped.date < horizon) this.droppedBills.delete(id);
  }

  apply(entry: LedgerEntry, lsn: number): void {
    if (entry.type === 'cash_move') this.addMove({ move: entry.move, lsn });
    else if (entry.type === 'close') this.addZ({ z: entry.z, lsn });
    else
      for (const { tillId, number } of entry.tills) {
        let numbers = this.tills.get(tillId);
        if (!numbers) this.tills.set(tillId, (numbers = new TillNumbers()));
        numbers.accountUpTo(number);
      }
  }

  private addMove(stored: StoredMove): void {
    const list = this.moves.get(stored.move.date);
    if (list) list.push(stored);
    else this.moves.set(stored.move.date, [stored]);
  }

  private addZ(stored: StoredZ): void {
    this.zs.set(stored.z.date, stored);
    if (!this.lastZ || stored.z.zNumber > this.lastZ.zNumber) this.lastZ = stored.z;
  }

  movesOf(date: string): readonly StoredMove[] {
    return this.moves.get(date) ?? [];
  }

  zOf(date: string): StoredZ | undefined {
    return this.zs.get(date);
  }

  /** The newest Z (highest zNumber): the next one follows it. */
  latestZ(): ZReport | undefined {
    return this.lastZ;
  }

  pastVersionsOf(id: string): readonly PastVersion[] {
    return this.pastVersions.get(id) ?? [];
  }

  /** Every bill id with earlier versions. */
  modifiedIds(): IterableIterator<string> {
    return this.pastVersions.keys();
  }

  creditNotesOf(saleId: string): ReadonlySet<string> {
    return this.refunds.get(saleId) ?? new Set();
  }

  /** Sales named by at least one credit note. */
  refundedSales(): IterableIterator<string> {
    return this.refunds.keys();
  }

  /**
   * The day's report aggregate: its live bills (computed once until the day changes) merged
   * with what cleanup dropped of it.
   */
  aggregate(date: string, liveBills: () => readonly Bill[]): DayAggregate {
    let live = this.liveAggregates.get(date);
    if (!live) {
      live = aggregateDay(date, liveBills(), this.timeZone);
      this.liveAggregates.set(date, live);
    }
    const dropped = this.dropped.get(date);
    return dropped ? mergeAggregates(live, dropped) : live;
  }

  /**
   * The bills of `date` local cleanup dropped, trimmed (what a Z counts), or undefined when some
   * were forgotten (dropped more than DROPPED_BILLS_DAYS before the newest dropped day).
   */
  droppedBillsOf(date: string): Bill[] | undefined {
    const bills: Bill[] = [];
    for (const dropped of this.droppedBills.values())
      if (dropped.date === date) bills.push(dropped.bill);
    const counted = bills.filter((bill) => bill.status !== 'void').length;
    return counted === (this.dropped.get(date)?.bills?.count ?? 0) ? bills : undefined;
  }

  /** Ids of the day's bills that arrived after its close and were dropped since. */
  lateDroppedOf(date: string): readonly string[] {
    return this.lateDropped.get(date) ?? [];
  }

  /** Days whose bills were dropped but whose aggregates are kept. */
  droppedDates(): string[] {
    return [...this.dropped.keys()];
  }
}

/** What an aggregate and a Z count of a bill, and its version: the rest is not kept. */
function trimmed(bill: Bill): Bill {
  const kept: Bill = {
    id: bill.id,
    tillId: bill.tillId,
    version: bill.version,
    createdAt: bill.createdAt,
    items: bill.items.map(({ id, price, quantity }) => ({ id, price, quantity })),
    total: bill.total,
    kind: bill.kind,
    status: bill.status,
  };
  if (bill.payment) kept.payment = bill.payment;
  if (bill.number !== undefined) kept.number = bill.number;
  return kept;
}
