// A fixed-window request budget per token, shared by the Express middleware and the bill-write
// fast path, so a till has one budget across every endpoint. Plain and synchronous: the hot path
// pays one Map lookup, not a promise-based store.

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until this key's window ends (rounded up, never negative). */
  resetSeconds: number;
}

interface Window {
  endsAt: number;
  hits: number;
}

export class TokenRateLimiter {
  private readonly windows = new Map<string, Window>();
  private nextPruneAt: number;
  readonly windowSeconds: number;

  /** Each key's window starts at its first request, like express-rate-limit's memory store. */
  constructor(
    readonly limit: number,
    private readonly windowMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.windowSeconds = Math.ceil(windowMs / 1000);
    this.nextPruneAt = nowMs() + windowMs;
  }

  /** Counts one request for `key` and says whether it is within the budget. */
  take(key: string): RateDecision {
    const now = this.nowMs();
    if (now >= this.nextPruneAt) this.prune(now);
    let window = this.windows.get(key);
    if (window === undefined || window.endsAt <= now) {
      window = { endsAt: now + this.windowMs, hits: 0 };
      this.windows.set(key, window);
    }
    window.hits += 1;
    return {
      allowed: window.hits <= this.limit,
      limit: this.limit,
      remaining: Math.max(this.limit - window.hits, 0),
      resetSeconds: Math.max(0, Math.ceil((window.endsAt - now) / 1000)),
    };
  }

  /** Keys tracked now (tests: pruning keeps the map from growing with revoked tokens). */
  get size(): number {
    return this.windows.size;
  }

  /** Once per window: forget keys whose window ended, so the map holds only active tokens. */
  private prune(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
    this.nextPruneAt = now + this.windowMs;
  }

  /**
   * IETF draft-7 headers (what express-rate-limit sent), as name/value pairs in sending order;
   * Retry-After only on a refusal.
   */
  headers(decision: RateDecision): string[] {
    const pairs = [
      'RateLimit-Policy',
      `${decision.limit};w=${this.windowSeconds}`,
      'RateLimit',
      `limit=${decision.limit}, remaining=${decision.remaining}, reset=${decision.resetSeconds}`,
    ];
    if (!decision.allowed) pairs.push('Retry-After', String(decision.resetSeconds));
    return pairs;
  }
}
