// The sync engine: a single-flight run (drain the journal, write SUMMARY items, check past days)
// every intervalMs and on demand, with its health, counters and durable state. It only reads the
// bill store, so DynamoDB being slow or down never touches bill intake.
import type { MovedBill } from './ports.js';
import { reportConflict, reportDeadLetter, reportOtherWriter } from './alerts.js';
import { abortableSleep } from './backoff.js';
import { checkDays, writeSummaries, type DayDeps, type DayTally } from './days.js';
import { drainJournal, type DrainDeps, type DrainTally } from './drain.js';
import type {
  BillSyncState,
  SyncEngineOptions,
  SyncRunResult,
  SyncStatus,
} from './engine-types.js';
import { classifyDynamoError } from '../dynamo/errors.js';
import { SyncHealth } from './health.js';
import { SyncLedger } from './ledger.js';
import { zeroSyncCounters, type SyncCounters, type SyncFigures } from './metrics.js';
import { notePending, notePendingFromJournal } from './pending-scan.js';
import { ResilientCaller } from './resilience.js';
import {
  initialState,
  loadState,
  stateFilePath,
  type Conflict,
  type DeadLetter,
} from './state-file.js';

export type {
  BillSyncState,
  SyncEngineOptions,
  SyncRunResult,
  SyncStatus,
} from './engine-types.js';
export type { ResolveOutcome, Sync } from './sync.js';

export class SyncEngine {
  private ledger: SyncLedger;
  private readonly caller: ResilientCaller;
  private readonly health: SyncHealth;
  private readonly abort = new AbortController();
  private readonly counters: SyncCounters = zeroSyncCounters();
  private current: Promise<SyncRunResult> | undefined;
  private queued: Promise<SyncRunResult> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private tableReady = false;
  private otherWriter: string | null = null;
  /** When this engine was made: SUMMARYs other relays wrote since then reveal a live writer. */
  private readonly startedAt: string;
  private started = false;
  private stopped = false;

  constructor(private readonly options: SyncEngineOptions) {
    const { logger, now } = options;
    this.startedAt = now().toISOString();
    this.ledger = new SyncLedger(initialState(), stateFilePath(options.dataDir));
    this.health = new SyncHealth(
      options.intervalMs > 0 ? 'ok' : 'disabled',
      options.storeId,
      logger,
      options.alerts,
      () => ({
        pendingBills: this.ledger.pending.size,
        lagSeconds: this.lagSeconds(),
        deadLetters: this.ledger.deadLetters.length,
      }),
      now,
    );
    this.caller = new ResilientCaller(
      options.retry,
      options.breaker,
      options.random ?? Math.random,
      options.sleep ?? abortableSleep,
      {
        onRetry: (error) => {
          // Counted and remembered, but the state only changes when a run fails or the breaker
          // opens: retries that succeed are normal (throttling) and must not flap the alerts.
          this.counters.retries += 1;
          this.health.noteError(error.describe());
        },
        onBreakerChange: (state) => {
          if (state === 'open') this.health.breakerOpened(null);
        },
      },
    );
  }

  get disabled(): boolean {
    return this.options.intervalMs <= 0;
  }

  /** Loads the durable state, learns which bills are pending, then runs now and every interval. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const path = stateFilePath(this.options.dataDir);
    this.ledger = new SyncLedger(await loadState(path, this.options.logger), path);
    const lastLsn = this.options.journal.lastLsn();
    if (this.ledger.confirmedLsn > lastLsn) {
      // The journal restarted (local data lost and recreated): the old cursor would hide every
      // new record. Replaying from 0 is safe, the writes are conditional.
      this.options.logger.warn(
        `Sync cursor ${this.ledger.confirmedLsn} is past the journal's last LSN ${lastLsn}: ` +
          'the journal was reset, syncing it from the start',
      );
      this.ledger.resetCursor();
    }
    // Subscribe before scanning so no bill accepted meanwhile is missed, but apply those changes
    // after the scan: pending bills then stay in journal (age) order.
    let held: MovedBill[] | undefined = [];
    const onChange = (change: MovedBill) => {
      this.ledger.pending.note(change.bill.id, change.lsn, change.shiftDate, this.nowMs());
      this.ledger.confirmedDays.delete(change.shiftDate);
      // Its old day may still hold the bill in DynamoDB: check it even if nothing local is left.
      if (change.previousShiftDate && change.previousShiftDate !== change.shiftDate) {
        this.ledger.formerDays.add(change.previousShiftDate);
        this.ledger.markChanged(change.previousShiftDate);
      }
    };
    this.unsubscribe = this.options.store.subscribe((change) =>
      held ? held.push(change) : onChange(change),
    );
    const unsynced = this.options.store.entriesAfter?.(this.ledger.confirmedLsn);
    if (unsynced) notePending(unsynced, this.ledger, this.nowMs());
    else await notePendingFromJournal(this.options, this.ledger, this.nowMs());
    for (const change of held) onChange(change);
    held = undefined;
    if (this.disabled) {
      this.options.logger.warn('DynamoDB sync is disabled (TIME_TO_SYNC=0)');
      return;
    }
    this.schedule(this.options.firstRunDelayMs ?? 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort();
    this.unsubscribe?.();
    const running = this.current;
    if (running) {
      const limit = this.options.stopTimeoutMs ?? 2000;
      await Promise.race([running.catch(() => undefined), abortableSleep(limit)]);
    }
  }

  /** Runs a sync now, or right after the run in progress (never two at once). */
  syncNow(): Promise<SyncRunResult> {
    if (!this.current) return this.launch();
    this.queued ??= this.current.then(() => {
      this.queued = undefined;
      return this.launch();
    });
    return this.queued;
  }

  status(): SyncStatus {
    return {
      state: this.health.state,
      pendingBills: this.ledger.pending.size,
      lagSeconds: this.lagSeconds(),
      lastSuccessAt: this.health.lastSuccessAt,
      lastError: this.health.lastError,
      deadLetters: this.ledger.deadLetters.length,
      conflicts: this.ledger.conflicts.length,
      otherWriter: this.otherWriter,
      confirmedLsn: this.ledger.confirmedLsn,
    };
  }

  billSyncState(id: string): BillSyncState {
    const stored = this.options.store.get(id);
    const letter = this.ledger.deadLetterFor(id);
    if (stored && letter && letter.version === stored.bill.version) return 'dead-letter';
    const conflict = this.ledger.conflictFor(id);
    if (stored && conflict && conflict.version === stored.bill.version) return 'conflict';
    if (!stored || this.ledger.pending.has(id) || this.ledger.requeue.has(id)) return 'pending';
    return stored.lsn <= this.ledger.confirmedLsn ? 'synced' : 'pending';
  }

  /** True once the day's bills were read back from DynamoDB and matched, and nothing changed. */
  isDayConfirmed(date: string): boolean {
    return this.ledger.confirmedDays.has(date) && this.ledger.isSettled(date);
  }

  confirmedLsn(): number {
    return this.ledger.confirmedLsn;
  }

  deadLetters(): DeadLetter[] {
    return this.ledger.deadLetters;
  }

  conflicts(): Conflict[] {
    return this.ledger.conflicts;
  }

  /**
   * An admin resolves a conflict: DynamoDB's other content is kept on record (a CONFLICT# item of
   * the day) and this relay's version, the one it acknowledged to the till, takes its place.
   */
  async resolveConflict(id: string): Promise<'resolved' | 'not-found' | 'changed'> {
    const conflict = this.ledger.conflictFor(id);
    const stored = this.options.store.get(id);
    if (!conflict || !stored) return 'not-found';
    const replaced = await this.caller.call(() =>
      this.options.table.replaceConflicting(
        conflict.date,
        stored.bill,
        this.options.now().toISOString(),
      ),
    );
    if (!replaced) return 'changed';
    this.options.logger.warn(
      `conflict on bill ${id} version ${conflict.version} resolved: this relay's version is in ` +
        'DynamoDB, the other content is kept as a CONFLICT# item of the day',
      { id, date: conflict.date },
    );
    this.ledger.resolveConflict(id);
    await this.ledger.persist();
    return 'resolved';
  }

  requeuedBills(): string[] {
    return [...this.ledger.requeue.keys()];
  }

  metrics(): SyncFigures {
    const status = this.status();
    return {
      ...status,
      confirmedDays: this.ledger.confirmedDays.size,
      counters: { ...this.counters },
    };
  }

  private launch(): Promise<SyncRunResult> {
    this.current = this.run().finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (!this.current) await this.launch();
    this.schedule(this.options.intervalMs);
  }

  private async run(): Promise<SyncRunResult> {
    const started = this.options.now();
    const tally = {
      written: 0,
      alreadyCurrent: 0,
      deadLettered: 0,
      conflicts: 0,
      summariesWritten: 0,
      daysChecked: 0,
      billsRequeued: 0,
    };
    const finish = (error?: string): SyncRunResult => ({
      ok: !error,
      startedAt: started.toISOString(),
      durationMs: this.nowMs() - started.getTime(),
      confirmedLsn: this.ledger.confirmedLsn,
      pendingBills: this.ledger.pending.size,
      ...tally,
      ...(error ? { error } : {}),
    });
    if (this.disabled) return finish('sync is disabled (TIME_TO_SYNC=0)');
    if (this.stopped) return finish('sync is stopped');
    const signal = this.abort.signal;
    try {
      if (!this.tableReady || this.caller.breakerState !== 'closed') {
        // Also the circuit breaker's probe after its cool-down: one cheap request first.
        await this.caller.call(() => this.options.table.ensureTable(), signal);
        this.tableReady = true;
      }
      await drainJournal(this.drainDeps(signal), tally);
      if (!signal.aborted) {
        await writeSummaries(this.dayDeps(signal), tally);
        await checkDays(this.dayDeps(signal), tally);
      }
      this.count(tally);
      if (signal.aborted) return finish('sync is stopped');
      this.counters.runsSucceeded += 1;
      this.health.succeeded();
      return finish();
    } catch (raw) {
      this.count(tally);
      const error = classifyDynamoError(raw);
      if (error.code === 'table-missing') this.tableReady = false;
      this.counters.runsFailed += 1;
      // While the breaker is open the interesting error is the one that opened it.
      const message =
        error.code === 'circuit-open' && this.health.lastError
          ? this.health.lastError
          : error.describe();
      this.health.failed(message, this.caller.breakerState !== 'closed');
      return finish(error.describe());
    }
  }

  private count(tally: DrainTally & DayTally): void {
    this.counters.billsWritten += tally.written;
    this.counters.billsAlreadyCurrent += tally.alreadyCurrent;
    this.counters.billsDeadLettered += tally.deadLettered;
    this.counters.summariesWritten += tally.summariesWritten;
    this.counters.daysChecked += tally.daysChecked;
    this.counters.billsRequeued += tally.billsRequeued;
  }

  private drainDeps(signal: AbortSignal): DrainDeps {
    const { store, journal, table, timeZone, batchSize, concurrency, pace, now } = this.options;
    return {
      ...{ store, journal, table, timeZone, batchSize, concurrency, now, signal },
      ...(pace ? { pace } : {}),
      caller: this.caller,
      ledger: this.ledger,
      onDeadLetter: (bill, date, error) =>
        reportDeadLetter(this.options, { id: bill.id, version: bill.version, date, error }),
      onConflict: (bill, date) =>
        reportConflict(this.options, { id: bill.id, version: bill.version, date }),
      onLedgerRejected: (entry, error) =>
        this.options.logger.error(
          `DynamoDB refused the ${entry.type === 'close' ? `Z of ${entry.z.date}` : `cash move ${entry.move.id}`}: ` +
            `${error.describe()}. It stays in the journal and in daily_shifts.json.`,
        ),
    };
  }

  private dayDeps(signal: AbortSignal): DayDeps {
    const { store, table, timeZone, checkIntervalMs, now, logger } = this.options;
    return {
      ...{ store, table, timeZone, checkIntervalMs, now, logger, signal },
      caller: this.caller,
      ledger: this.ledger,
      startedAt: this.startedAt,
      onConflict: (bill, date) =>
        reportConflict(this.options, { id: bill.id, version: bill.version, date }),
      onOtherWriter: (date, writerId) => {
        const first = this.otherWriter === null;
        this.otherWriter = `${writerId} (SUMMARY of ${date})`;
        if (first)
          reportOtherWriter(this.options, { date, writerId, instanceId: this.ledger.instanceId });
      },
    };
  }

  private lagSeconds(): number {
    const oldest = this.ledger.pending.oldestSinceMs();
    return oldest === undefined ? 0 : Math.max(0, Math.floor((this.nowMs() - oldest) / 1000));
  }

  private nowMs(): number {
    return this.options.now().getTime();
  }
}
