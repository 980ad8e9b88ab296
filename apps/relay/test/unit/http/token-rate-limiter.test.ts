import { describe, expect, it } from 'vitest';
import { TokenRateLimiter } from '../../../src/http/token-rate-limiter.js';

function limiterAt(start: number, limit = 2) {
  const clock = { ms: start };
  return { clock, limiter: new TokenRateLimiter(limit, 60_000, () => clock.ms) };
}

describe('TokenRateLimiter', () => {
  it('allows `limit` requests per window, then refuses until the window ends', () => {
    const { clock, limiter } = limiterAt(1_000_000);
    expect(limiter.take('till-a')).toEqual({
      allowed: true,
      limit: 2,
      remaining: 1,
      resetSeconds: 60,
    });
    clock.ms += 10_500;
    expect(limiter.take('till-a')).toMatchObject({ allowed: true, remaining: 0, resetSeconds: 50 });
    const refused = limiter.take('till-a');
    expect(refused).toMatchObject({ allowed: false, remaining: 0, resetSeconds: 50 });
    expect(limiter.headers(refused)).toEqual([
      'RateLimit-Policy',
      '2;w=60',
      'RateLimit',
      'limit=2, remaining=0, reset=50',
      'Retry-After',
      '50',
    ]);
    clock.ms += 49_499; // 1 ms before the window ends
    expect(limiter.take('till-a').allowed).toBe(false);
    clock.ms += 1; // the window that began at the first request is over: a fresh budget
    expect(limiter.take('till-a')).toMatchObject({ allowed: true, remaining: 1, resetSeconds: 60 });
  });

  it('keeps one budget per key', () => {
    const { limiter } = limiterAt(0, 1);
    expect(limiter.take('till-a').allowed).toBe(true);
    expect(limiter.take('till-a').allowed).toBe(false);
    expect(limiter.take('till-b').allowed).toBe(true);
    expect(limiter.headers(limiter.take('till-c'))).not.toContain('Retry-After');
  });

  it('forgets keys whose window ended, so the map does not grow with old tokens', () => {
    const { clock, limiter } = limiterAt(0);
    for (let i = 0; i < 50; i += 1) limiter.take(`till-${i}`);
    expect(limiter.size).toBe(50);
    clock.ms += 60_000;
    limiter.take('till-new');
    expect(limiter.size).toBe(1);
  });
});
