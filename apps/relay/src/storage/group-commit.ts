// Group commit: whoever submits while a write is in flight waits for the next one, and the
// next one carries everything queued meanwhile. One write + one fsync serves many bills, so
// intake is not limited to one fsync per bill, and records still reach the file in order.

export interface GroupCommitHooks<T> {
  /** Writes and makes durable the whole batch, in order. */
  write(batch: readonly T[]): Promise<void>;
  /** Called synchronously, in order, once a batch is durable, before its submitters resume. */
  committed(batch: readonly T[]): void;
  /**
   * Called synchronously when a write fails, with the failed batch and everything queued
   * behind it (its records follow the failed ones): none of them is stored.
   */
  failed(error: unknown, lost: readonly T[]): void;
}

interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<T> {
  private queue: Waiting<T>[] = [];
  private running: Promise<void> | undefined;
  /** Number of write() calls so far (tests and metrics). */
  writes = 0;

  constructor(private readonly hooks: GroupCommitHooks<T>) {}

  /** Resolves once the item is durable and committed; rejects if its batch was lost. */
  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.running ??= this.run();
    });
  }

  /** Resolves when everything submitted so far has been written or has failed. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    // Let the current tick finish submitting: a putMany's bills then share one write.
    await Promise.resolve();
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const items = batch.map((waiting) => waiting.item);
      this.writes += 1;
      try {
        await this.hooks.write(items);
      } catch (error) {
        const lost = [...batch, ...this.queue];
        this.queue = [];
        this.hooks.failed(
          error,
          lost.map((waiting) => waiting.item),
        );
        for (const waiting of lost) waiting.reject(error);
        continue;
      }
      this.hooks.committed(items);
      for (const waiting of batch) waiting.resolve();
    }
    this.running = undefined;
  }
}
