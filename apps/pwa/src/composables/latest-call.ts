// Reads that can overlap (the sync re-reads the day's list; the relay announces new quick keys
// twice in a row; a cashier asks for one day, then another, then goes back to today): the answer
// to the call made last is the one shown, whichever arrives last.

export interface LatestCall {
  /** Marks a new call; the function tells whether it is still the latest. */
  start(): () => boolean;
  /** Makes every call in flight stale (the screen moved on). */
  supersede(): void;
}

export function latestCall(): LatestCall {
  let latest = 0;
  return {
    start() {
      const mine = ++latest;
      return () => mine === latest;
    },
    supersede() {
      latest += 1;
    },
  };
}
