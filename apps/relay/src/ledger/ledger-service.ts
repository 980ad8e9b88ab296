// The ledger's service: cash moves, the day close (Z), linked refunds, exceptions, reports and
// the tills' own reports. Reads the store's bills and its book; writes only through
// store.appendLedger, so every cash move and Z is in the journal and its hash chain.
import {
  billChanges,
  buildReport,
  businessDay,
  computeZ,
  overRefund,
  refundSummary,
  type Bill,
  type CashMove,
  type CashMoveInput,
  type CloseInput,
  type RefundSummary,
  type Report,
  type ReportBy,
  type TillStatus,
  type UnsentTill,
  type ZReport,
} from '@caja/models';
import type { TillRepository } from '../auth/till-repository.js';
import type { BillStore } from '../storage/index.js';
import type { Conflict } from '../sync/state-file.js';
import type { TillReport, TillSeen, TillStatusPort } from './till-status-file.js';

/** A number missing this long turns health degraded (a till lost or cannot send a bill). */
export const MISSING_NUMBER_ALERT_MS = 10 * 60_000;
/** A till holding unsent bills this long turns health degraded. */
export const UNSENT_BILLS_ALERT_MS = 60 * 60_000;

export type { TillReport } from './till-status-file.js';

export interface LedgerException {
  code: 'over_refund' | 'void' | 'modified' | 'late_after_close' | 'missing_number' | 'conflict';
  date: string;
  billId: string | null;
  tillId: string | null;
  detail: Record<string, unknown>;
}

export interface LedgerHealth {
  state: 'ok' | 'degraded';
  /** Tills with a number missing for at least 10 minutes. */
  missingNumbers: { tillId: string; count: number; since: string }[];
  /** Tills that have held unsent bills for at least an hour. */
  unsentBills: { tillId: string; outbox: number; since: string }[];
}

export interface LedgerServiceOptions {
  /** The sync's open conflicts (GET /api/v1/sync/conflicts), listed as exceptions. */
  syncConflicts?: () => readonly Conflict[];
  /** Where the tills' reports outlive a restart (DATA_DIR/till-status.json). */
  statusFile?: TillStatusPort;
  /** A cash move or a Z is durable in the journal (the sync copies it to DynamoDB). */
  journaled?: () => void;
}

export type CloseOutcome =
  | { closed: true; z: ZReport }
  | { closed: false; z: ZReport }
  /** Local cleanup dropped the day's bills so long ago that they are no longer all kept. */
  | { closed: false; z: undefined; forgotten: true };

export class LedgerService {
  private seen = new Map<string, TillSeen>();
  /** Closes run one at a time: zNumber is the previous Z's + 1, gapless. */
  private closing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: BillStore,
    private readonly tills: TillRepository,
    private readonly timeZone: string,
    private readonly now: () => Date,
    private readonly options: LedgerServiceOptions = {},
  ) {
    store.subscribe((change) => this.sawTill(change.bill.tillId));
  }

  today(): string {
    return businessDay(this.now(), this.timeZone);
  }

  private sawTill(tillId: string): TillSeen {
    let seen = this.seen.get(tillId);
    if (!seen) this.seen.set(tillId, (seen = {}));
    seen.lastSeenAt = this.now().toISOString();
    return seen;
  }

  /** The reports saved before a restart (before any bill or report arrives). */
  restoreStatus(saved: Map<string, TillSeen>): void {
    this.seen = new Map([...saved, ...this.seen]);
  }

  /** PUT /tills/me/status (a till sends one a minute): answered once saved. */
  async recordStatus(tillId: string, status: TillStatus): Promise<TillReport> {
    const seen = this.sawTill(tillId);
    const receivedAt = seen.lastSeenAt!;
    const report: TillReport = { ...status, receivedAt };
    seen.reported = report;
    if (status.outbox === 0) seen.outboxSince = undefined;
    else seen.outboxSince ??= receivedAt;
    await this.options.statusFile?.save(() => this.seen);
    return report;
  }

  tillsView() {
    // Paired tills in the order they were paired, then tills known only by their bills.
    const ids = new Set<string>();
    for (const till of this.tills.list()) ids.add(till.tillId);
    const unpaired = new Set<string>();
    for (const tillId of [...this.store.book.tills.keys(), ...this.seen.keys()]) {
      if (!ids.has(tillId)) unpaired.add(tillId);
    }
    const tills = [...ids, ...[...unpaired].sort()].map((tillId) => {
      const numbers = this.store.book.tills.get(tillId);
      const seen = this.seen.get(tillId);
      const paired = this.tills.find(tillId);
      return {
        tillId,
        name: paired?.name ?? null,
        pairedAt: paired?.pairedAt ?? null,
        revokedAt: paired?.revokedAt ?? null,
        lastSeenAt: seen?.lastSeenAt ?? null,
        highestNumber: numbers?.highest ?? 0,
        missingNumbers: numbers?.missing(100) ?? [],
        missingCount: numbers?.missingCount ?? 0,
        reported: seen?.reported ?? null,
      };
    });
    return { tills };
  }

  health(): LedgerHealth {
    const nowMs = this.now().getTime();
    const missingNumbers: LedgerHealth['missingNumbers'] = [];
    for (const [tillId, numbers] of this.store.book.tills) {
      const since = numbers.oldestMissingSince();
      if (since && nowMs - Date.parse(since) >= MISSING_NUMBER_ALERT_MS) {
        missingNumbers.push({ tillId, count: numbers.missingCount, since });
      }
    }
    const unsentBills: LedgerHealth['unsentBills'] = [];
    for (const [tillId, seen] of this.seen) {
      const since = seen.outboxSince;
      if (since && seen.reported && nowMs - Date.parse(since) >= UNSENT_BILLS_ALERT_MS) {
        unsentBills.push({ tillId, outbox: seen.reported.outbox, since });
      }
    }
    const degraded = missingNumbers.length > 0 || unsentBills.length > 0;
    return { state: degraded ? 'degraded' : 'ok', missingNumbers, unsentBills };
  }

  /** For GET /bills/{id} of a sale. */
  refundsOf(saleId: string): RefundSummary {
    return refundSummary(this.notesOf(saleId));
  }

  private notesOf(saleId: string): Bill[] {
    const notes: Bill[] = [];
    for (const id of this.store.book.creditNotesOf(saleId)) {
      const note = this.store.get(id)?.bill;
      if (note) notes.push(note);
    }
    return notes;
  }

  async addCashMove(date: string, input: CashMoveInput): Promise<CashMove> {
    const entry = await this.store.appendLedger(({ lsn, receivedAt }) => {
      const move: CashMove = {
        id: `move-${lsn}`,
        date,
        amount: input.amount,
        reason: input.reason,
        at: receivedAt,
      };
      if (input.tillId !== undefined) move.tillId = input.tillId;
      return { type: 'cash_move', move };
    });
    if (entry.type !== 'cash_move') throw new Error('unexpected ledger entry');
    this.options.journaled?.();
    return entry.move;
  }

  /** The day's cash moves in the order recorded (the back office's X report and list). */
  cashMoves(date: string): CashMove[] {
    return this.store.book.movesOf(date).map((stored) => stored.move);
  }

  /** Closes the day, or gives the existing Z (closed: false) when it was closed already. */
  close(date: string, input: CloseInput): Promise<CloseOutcome> {
    const run = this.closing.then(() => this.closeNow(date, input));
    this.closing = run.catch(() => undefined);
    return run;
  }

  private async closeNow(date: string, input: CloseInput): Promise<CloseOutcome> {
    const existing = this.store.book.zOf(date);
    if (existing) return { closed: false, z: existing.z };
    // A day local cleanup dropped (never closed) counts its dropped bills too, as kept trimmed.
    const dropped = this.store.book.droppedBillsOf(date);
    if (!dropped) return { closed: false, z: undefined, forgotten: true };
    const bills = [...this.store.shift(date).bills, ...dropped];
    const moves = this.store.book.movesOf(date).map((stored) => stored.move);
    const previous = this.store.book.latestZ();
    const unsent = this.tillsWithUnsentBills();
    const entry = await this.store.appendLedger(({ receivedAt, chainHead }) => ({
      type: 'close',
      z: computeZ({
        zNumber: (previous?.zNumber ?? 0) + 1,
        date,
        closedAt: receivedAt,
        bills,
        moves,
        countedCash: input.countedCash,
        previousGrandTotal: previous?.grandTotal ?? 0,
        chainHead,
        ...(input.note === undefined ? {} : { note: input.note }),
        tillsWithUnsentBills: unsent,
      }),
    }));
    if (entry.type !== 'close') throw new Error('unexpected ledger entry');
    this.options.journaled?.();
    return { closed: true, z: entry.z };
  }

  private tillsWithUnsentBills(): UnsentTill[] {
    const unsent: UnsentTill[] = [];
    for (const [tillId, seen] of this.seen) {
      if (seen.reported && seen.reported.outbox > 0) {
        unsent.push({ tillId, outbox: seen.reported.outbox });
      }
    }
    return unsent.sort((a, b) => (a.tillId < b.tillId ? -1 : 1));
  }

  /** The Z of a day with the bills and cash moves that arrived after it; undefined if open. */
  zOf(date: string): (ZReport & { lateBills: string[]; lateCashMoves: CashMove[] }) | undefined {
    const stored = this.store.book.zOf(date);
    if (!stored) return undefined;
    return {
      ...stored.z,
      lateBills: this.lateBills(date, stored.lsn),
      lateCashMoves: this.store.book
        .movesOf(date)
        .filter((move) => move.lsn > stored.lsn)
        .map((move) => move.move),
    };
  }

  private lateBills(date: string, closeLsn: number): string[] {
    const live = this.store
      .shift(date)
      .bills.filter((bill) => (this.store.get(bill.id)?.lsn ?? 0) > closeLsn)
      .map((bill) => bill.id);
    // Late bills local cleanup dropped since are still late: a reprint lists them.
    return [...new Set([...this.store.book.lateDroppedOf(date), ...live])];
  }

  exceptions(from: string, to: string): LedgerException[] {
    const found: LedgerException[] = [];
    for (const { date } of this.store.shifts(from, to)) {
      const closeLsn = this.store.book.zOf(date)?.lsn;
      for (const bill of this.store.shift(date).bills) {
        const base = { date, billId: bill.id, tillId: bill.tillId };
        if (bill.status === 'void') {
          found.push({
            ...base,
            code: 'void',
            detail: { total: bill.total, number: bill.number ?? null },
          });
        }
        let before: Bill | undefined;
        for (const past of [...this.store.book.pastVersionsOf(bill.id), { bill }]) {
          if (before) {
            found.push({
              ...base,
              code: 'modified',
              detail: {
                fromVersion: before.version,
                toVersion: past.bill.version,
                changes: billChanges(before, past.bill),
              },
            });
          }
          before = past.bill;
        }
        if (bill.kind === 'credit_note' && bill.refundOf !== undefined && bill.status !== 'void') {
          const over = overRefund(this.store.get(bill.refundOf)?.bill, this.notesOf(bill.refundOf));
          if (over)
            found.push({
              ...base,
              code: 'over_refund',
              detail: { saleId: bill.refundOf, ...over },
            });
        }
        if (closeLsn !== undefined && (this.store.get(bill.id)?.lsn ?? 0) > closeLsn) {
          found.push({ ...base, code: 'late_after_close', detail: { version: bill.version } });
        }
      }
    }
    for (const [tillId, numbers] of this.store.book.tills) {
      for (const gap of numbers.gaps) {
        const date = businessDay(gap.since, this.timeZone);
        if (date < from || date > to) continue;
        found.push({
          code: 'missing_number',
          date,
          billId: null,
          tillId,
          detail: { from: gap.from, to: gap.to, count: gap.to - gap.from + 1, since: gap.since },
        });
      }
    }
    for (const conflict of this.options.syncConflicts?.() ?? []) {
      if (conflict.date < from || conflict.date > to) continue;
      found.push({
        code: 'conflict',
        date: conflict.date,
        billId: conflict.id,
        tillId: this.store.get(conflict.id)?.bill.tillId ?? null,
        detail: { version: conflict.version, foundAt: conflict.at },
      });
    }
    return found.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  }

  report(from: string, to: string, by: ReportBy): Report {
    const dates = new Set(this.store.shifts(from, to).map((day) => day.date));
    for (const date of this.store.book.droppedDates()) {
      if (date >= from && date <= to) dates.add(date);
    }
    const aggregates = [...dates].map((date) =>
      this.store.book.aggregate(date, () => this.store.shift(date).bills),
    );
    return buildReport(aggregates, { from, to, by });
  }
}
