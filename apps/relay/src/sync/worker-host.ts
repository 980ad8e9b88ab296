// The DynamoDB sync as the relay's main thread runs it: in a worker thread (worker-main.ts), so
// the SDK's marshalling, retries and the consistency check never take time from the event loop
// that answers tills. This side sends the worker the store's state once at start-up, then only
// "the journal is durable up to LSN n"; the worker reports its state back, and every question the
// relay asks (health, metrics, a bill's sync state, may a day be cleaned up) is answered here
// from the last report, without a round trip.
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { findFile } from '../dist-files.js';
import type { StoredBill } from '@caja/models';
import { disabledRun, failedRun, unconfirmedStatus } from './disabled.js';
import type { BillSyncState, SyncRunResult, SyncStatus } from './engine-types.js';
import { zeroSyncCounters, type SyncFigures } from './metrics.js';
import type { ResolveOutcome, Sync } from './sync.js';
import type { Logger } from '../logging/logger.js';
import type { ReplicaEntry } from './replica.js';
import type { Conflict, DeadLetter } from './state-file.js';
import type { FromWorker, SyncReport, ToWorker, WorkerSettings } from './worker-protocol.js';
import { INTAKE_REPORT_MS } from './pacing.js';

const WORKER_FILE = 'sync-worker.js';
/** Bills per start-up message: each postMessage stays a few milliseconds of main-thread work. */
const LOAD_CHUNK = 2000;
const STOP_TIMEOUT_MS = 2500;
const RESTART_DELAY_MS = 1000;

/** What the worker needs of the relay's store. */
export interface HostedStore {
  get(id: string): StoredBill | undefined;
  subscribe(listener: (change: StoredBill) => void): () => void;
  /**
   * Every current version (bill text, day, LSN) as of the call, for the worker's start-up state:
   * made as it is read, so the host can hand it over a chunk at a time.
   */
  entries(): Iterable<ReplicaEntry>;
  readonly lsn: number;
  /** How many bills it holds: with the sync disabled, every one of them is unconfirmed. */
  billCount(): number;
}

export function workerScript(): string {
  const path = findFile(import.meta.url, [`./${WORKER_FILE}`, `../${WORKER_FILE}`]);
  if (path) return path;
  throw new Error(`${WORKER_FILE} not found: run "npm run build" (the sync runs from dist/)`);
}

export class SyncWorkerHost implements Sync {
  private worker: Worker | undefined;
  private report: SyncReport;
  private readonly lastChange = new Map<string, number>();
  /** LSNs committed since the worker's last report: pending, whatever that report says. */
  private unreported: number[] = [];
  private readonly runs = new Map<number, (result: SyncRunResult) => void>();
  private readonly resolutions = new Map<number, (outcome: ResolveOutcome) => void>();
  private nextRun = 1;
  private unsubscribe: (() => void) | undefined;
  private notifyQueued = false;
  private intakeTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private started = false;
  private reported = false;

  constructor(
    private readonly settings: WorkerSettings,
    private readonly store: HostedStore,
    private readonly logger: Logger,
  ) {
    const status = unconfirmedStatus(settings.timeToSyncSeconds > 0 ? 'ok' : 'disabled', 0);
    this.report = {
      status,
      asOfLsn: 0,
      confirmedDays: [],
      deadLetters: [],
      conflicts: [],
      requeued: [],
      alerts: [],
      metrics: { ...status, confirmedDays: 0, counters: zeroSyncCounters() },
      target: undefined,
    };
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.disabled) {
      this.logger.warn('DynamoDB sync is disabled (TIME_TO_SYNC=0): bills are kept locally only');
      return;
    }
    this.unsubscribe = this.store.subscribe((change) => {
      // A new bill for a day unconfirms it at once, whatever the last report says.
      this.lastChange.set(change.shiftDate, change.lsn);
      this.unreported.push(change.lsn);
      this.queueNotify();
    });
    this.reportIntake();
    await this.spawn();
  }

  /** Tells the worker how busy this thread is, so its drain gives way to intake (pacing.ts). */
  private reportIntake(): void {
    let last: EventLoopUtilization = performance.eventLoopUtilization();
    this.intakeTimer = setInterval(() => {
      const now = performance.eventLoopUtilization();
      this.send({
        type: 'intake',
        utilization: performance.eventLoopUtilization(now, last).utilization,
      });
      last = now;
    }, INTAKE_REPORT_MS);
    this.intakeTimer.unref();
  }

  private get disabled(): boolean {
    return this.settings.timeToSyncSeconds <= 0;
  }

  private async spawn(): Promise<void> {
    const worker = new Worker(workerScript(), { workerData: this.settings });
    this.worker = worker;
    const started = new Promise<void>((resolve) => {
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'started') resolve();
        this.receive(message);
      });
      worker.once('exit', () => resolve());
    });
    worker.on('error', (error) => this.logger.error('the sync worker failed', { error }));
    worker.once('exit', (code) => this.exited(worker, code));
    // The state the worker starts from, in chunks with a turn of the event loop between them.
    const lsn = this.store.lsn;
    let chunk: ReplicaEntry[] = [];
    for (const entry of this.store.entries()) {
      chunk.push(entry);
      if (chunk.length < LOAD_CHUNK) continue;
      this.send({ type: 'load', entries: chunk });
      chunk = [];
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (chunk.length > 0) this.send({ type: 'load', entries: chunk });
    this.send({ type: 'loaded', lsn });
    this.send({ type: 'durable', lsn: this.store.lsn });
    await started;
  }

  private exited(worker: Worker, code: number): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    for (const resolve of this.runs.values()) resolve(this.failedRun('the sync worker stopped'));
    this.runs.clear();
    for (const resolve of this.resolutions.values()) resolve('changed');
    this.resolutions.clear();
    if (this.stopping) return;
    this.logger.error('the sync worker stopped unexpectedly; starting it again', { code });
    this.report.status = {
      ...this.report.status,
      state: 'retrying',
      lastError: `the sync worker stopped (exit code ${code})`,
    };
    setTimeout(() => {
      if (!this.stopping) void this.spawn();
    }, RESTART_DELAY_MS).unref();
  }

  private send(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  /** One "durable up to" message per turn of the event loop, however many bills committed. */
  private queueNotify(): void {
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    setImmediate(() => {
      this.notifyQueued = false;
      this.send({ type: 'durable', lsn: this.store.lsn });
    });
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'log':
        this.logger[message.level](message.message, message.fields);
        return;
      case 'report': {
        this.report = message.report;
        this.reported = true;
        const asOf = message.report.asOfLsn;
        this.unreported = this.unreported.filter((lsn) => lsn > asOf);
        return;
      }
      case 'ran':
        this.runs.get(message.id)?.(message.result);
        this.runs.delete(message.id);
        return;
      case 'resolved':
        this.resolutions.get(message.id)?.(message.outcome);
        this.resolutions.delete(message.id);
        return;
      default:
        return;
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.intakeTimer);
    this.unsubscribe?.();
    const worker = this.worker;
    if (!worker) return;
    const stopped = new Promise<void>((resolve) => {
      worker.on('message', (message: FromWorker) => message.type === 'stopped' && resolve());
      worker.once('exit', () => resolve());
    });
    this.send({ type: 'stop' });
    const timer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
    await stopped;
    clearTimeout(timer);
    await worker.terminate();
  }

  journalGrew(): void {
    if (this.started && !this.disabled) this.queueNotify();
  }

  syncNow(): Promise<SyncRunResult> {
    if (this.disabled) return Promise.resolve(disabledRun(this.store.billCount()));
    if (!this.worker) return Promise.resolve(this.failedRun('the sync worker is not running'));
    const id = this.nextRun++;
    return new Promise((resolve) => {
      this.runs.set(id, resolve);
      this.send({ type: 'sync-now', id });
    });
  }

  status(): SyncStatus {
    // Disabled, or before the worker's first report: nothing is known to be confirmed.
    if (this.disabled || !this.reported)
      return { ...this.report.status, pendingBills: this.store.billCount() };
    // Bills the worker has not seen yet are pending too: health never says 0 too early.
    const status = this.report.status;
    return this.unreported.length === 0
      ? status
      : { ...status, pendingBills: status.pendingBills + this.unreported.length };
  }

  billSyncState(id: string): BillSyncState {
    const stored = this.store.get(id);
    if (!stored) return 'pending';
    const letter = this.report.deadLetters.find((dead) => dead.id === id);
    if (letter && letter.version === stored.bill.version) return 'dead-letter';
    const conflict = this.report.conflicts.find((open) => open.id === id);
    if (conflict && conflict.version === stored.bill.version) return 'conflict';
    if (this.report.requeued.includes(id)) return 'pending';
    return stored.lsn <= this.report.status.confirmedLsn ? 'synced' : 'pending';
  }

  isDayConfirmed(date: string): boolean {
    const confirmed = this.report.confirmedDays.find(([day]) => day === date);
    return !!confirmed && confirmed[1] >= (this.lastChange.get(date) ?? 0);
  }

  confirmedLsn(): number {
    return this.report.status.confirmedLsn;
  }

  deadLetters(): DeadLetter[] {
    return this.report.deadLetters;
  }

  conflicts(): Conflict[] {
    return this.report.conflicts;
  }

  resolveConflict(billId: string): Promise<ResolveOutcome> {
    if (!this.worker) return Promise.resolve('not-found');
    const id = this.nextRun++;
    return new Promise((resolve) => {
      this.resolutions.set(id, resolve);
      this.send({ type: 'resolve-conflict', id, billId });
    });
  }

  requeuedBills(): string[] {
    return this.report.requeued;
  }

  recentAlerts() {
    return this.report.alerts;
  }

  metrics(): SyncFigures {
    return this.report.metrics;
  }

  target() {
    return this.report.target;
  }

  private failedRun(error: string): SyncRunResult {
    return failedRun(this.report.status, error);
  }
}
