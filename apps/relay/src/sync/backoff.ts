// Capped exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
// Jitter"): sleep a uniformly random time in [0, min(cap, base * 2^(attempt - 1))). Jitter
// spreads the retries of many writers so they do not hammer a recovering service in lockstep.

export interface BackoffSettings {
  baseMs: number;
  capMs: number;
}

/** Delay before retry number `attempt` (1 = first retry). `random()` returns [0, 1). */
export function fullJitterDelay(
  attempt: number,
  { baseMs, capMs }: BackoffSettings,
  random: () => number,
): number {
  // 2^attempt overflows to Infinity long after the cap is hit; Math.min keeps it finite.
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** A sleep that ends early (resolving) when the signal aborts, so stop() never waits a backoff. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;
