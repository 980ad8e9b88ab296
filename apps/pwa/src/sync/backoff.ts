// When to try an upload again after a failure: exponential, capped, with jitter so that 64 tills
// coming back after a relay restart do not all knock at the same second.
export const FIRST_RETRY_MS = 2_000;
export const MAX_RETRY_MS = 5 * 60_000;

/** Delay before attempt number `attempts + 1`, given `attempts` failures so far (≥ 1). */
export function retryDelay(attempts: number, random: () => number): number {
  const exponential = FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1);
  const capped = Math.min(MAX_RETRY_MS, exponential);
  // ±20 %: spreads retries without ever waiting much longer than the cap.
  return Math.round(capped * (0.8 + 0.4 * random()));
}
