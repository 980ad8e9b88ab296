// The clock check: a bill's createdAt decides its business day, so a tablet whose clock is off
// files bills under the wrong day (or has them refused). The relay's `Date` header is the
// reference; beyond five minutes apart the cashier is told to fix the tablet's time.

/** More apart than this and the cashier is warned. */
export const CLOCK_TOLERANCE_MS = 5 * 60_000;

/**
 * The relay's clock minus ours, in ms. The header has whole seconds and arrives after a round
 * trip, so differences within the tolerance mean nothing; only the sign and size matter.
 */
export function clockSkew(serverDate: Date, localNow: Date): number {
  return serverDate.getTime() - localNow.getTime();
}

export function clockIsOff(skewMs: number | null): boolean {
  return skewMs !== null && Math.abs(skewMs) > CLOCK_TOLERANCE_MS;
}

/** Whole minutes apart, for the message ("7 min"). */
export function skewMinutes(skewMs: number): number {
  return Math.round(Math.abs(skewMs) / 60_000);
}
