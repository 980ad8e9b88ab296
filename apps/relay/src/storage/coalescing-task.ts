// Runs an async job on request, never two at once, coalescing requests made meanwhile into one
// more run, at most once per interval. The interval stretches with the job's own duration so a
// large snapshot cannot eat more than a fraction of the time (at most ~1/stretch of it).

export interface CoalescingTaskOptions {
  job: () => Promise<void>;
  minIntervalMs: number;
  /** Next run waits at least this many times the last run's duration. */
  stretch: number;
  onError: (error: unknown) => void;
  clock?: () => number;
}

export class CoalescingTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private requested = false;
  private stopped = false;
  private lastStart = -Infinity;
  private lastDuration = 0;

  constructor(private readonly options: CoalescingTaskOptions) {}

  /** Asks for a run soon; requests before it starts share it. */
  request(): void {
    this.requested = true;
    if (this.timer || this.running || this.stopped) return;
    const clock = this.options.clock ?? Date.now;
    const gap = Math.max(this.options.minIntervalMs, this.options.stretch * this.lastDuration);
    const delay = Math.max(0, this.lastStart + gap - clock());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runNow().catch(() => undefined);
    }, delay);
    this.timer.unref();
  }

  /** Runs now (after a run in progress), whatever the interval; rejects with the job's error. */
  async runNow(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.requested = false;
    const clock = this.options.clock ?? Date.now;
    this.lastStart = clock();
    const run = this.options.job();
    this.running = run.then(
      () => undefined,
      () => undefined,
    );
    try {
      await run;
    } catch (error) {
      this.options.onError(error);
      throw error;
    } finally {
      this.lastDuration = clock() - this.lastStart;
      this.running = undefined;
      if (this.requested) this.request();
    }
  }

  /** No more scheduled runs; waits for one in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running) await this.running;
  }
}
