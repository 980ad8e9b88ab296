// How the drain gives way to bill intake. The relay's main thread (worker-host.ts) measures its
// event-loop utilisation (the share of time it was busy, perf_hooks) every INTAKE_REPORT_MS and
// sends it to the sync worker. The worker thread and the embedded store run at a lower CPU
// priority, but on a small machine they still share cores (or hyperthreads) with the thread that
// answers tills, so while that thread is busy the drain holds back:
// - each batch first waits, checking every CHECK_MS, until the main thread is below BUSY_AT;
// - after MAX_WAIT_MS of waiting it sends one small batch (BUSY_BATCH records, one write in
//   flight), so a relay saturated for hours still syncs, slowly;
// - otherwise the batch runs at SYNC_CONCURRENCY and SYNC_BATCH_SIZE.
// The worker's replica of the store (replica.ts) gives way too: while the main thread is busy it
// reads the journal at most every FOLLOW_BUSY_MS, in larger reads, instead of after every turn of
// the main thread's event loop that made bills durable (hundreds of small reads a second).
// Measured in `npm run bench` ("Intake while a backlog drains").
import { setTimeout as sleep } from 'node:timers/promises';

/** Main-thread utilisation (0..1) at or above which intake counts as busy. */
export const BUSY_AT = 0.7;
export const CHECK_MS = 100;
export const MAX_WAIT_MS = 1000;
export const BUSY_BATCH = 50;
/** How often the main thread reports its utilisation to the worker. */
export const INTAKE_REPORT_MS = 100;
/** Longest the replica lets the durable journal wait unread while intake is busy. */
export const FOLLOW_BUSY_MS = 500;

export interface BatchPace {
  concurrency: number;
  batchSize: number;
}

export interface DrainPace {
  /** Resolves when the next batch may start, with its size and writes in flight. */
  nextBatch(signal: AbortSignal): Promise<BatchPace>;
}

export class IntakeAwarePace implements DrainPace {
  private utilization = 0;

  constructor(
    private readonly full: BatchPace,
    private readonly wait: (ms: number) => Promise<unknown> = sleep,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The main thread's latest utilisation (0..1). */
  intake(utilization: number): void {
    this.utilization = utilization;
  }

  get busy(): boolean {
    return this.utilization >= BUSY_AT;
  }

  /** How long the replica may wait before reading newly durable records: 0 = now. */
  followDelay(): number {
    return this.busy ? FOLLOW_BUSY_MS : 0;
  }

  async nextBatch(signal: AbortSignal): Promise<BatchPace> {
    const started = this.now();
    while (this.busy && !signal.aborted && this.now() - started < MAX_WAIT_MS) {
      await this.wait(CHECK_MS);
    }
    if (!this.busy) return this.full;
    return { concurrency: 1, batchSize: Math.min(BUSY_BATCH, this.full.batchSize) };
  }
}
