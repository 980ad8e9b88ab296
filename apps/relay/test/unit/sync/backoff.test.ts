import { describe, expect, it } from 'vitest';
import { abortableSleep, fullJitterDelay } from '../../../src/sync/backoff.js';

const settings = { baseMs: 100, capMs: 1000 };

describe('fullJitterDelay', () => {
  it('draws uniformly below base × 2^(attempt−1)', () => {
    expect(fullJitterDelay(1, settings, () => 0)).toBe(0);
    expect(fullJitterDelay(1, settings, () => 0.5)).toBe(50);
    expect(fullJitterDelay(2, settings, () => 0.5)).toBe(100);
    expect(fullJitterDelay(3, settings, () => 0.999)).toBe(399);
  });

  it('never exceeds the cap, however many attempts', () => {
    expect(fullJitterDelay(5, settings, () => 0.999)).toBe(999);
    expect(fullJitterDelay(2000, settings, () => 0.999)).toBe(999);
  });

  it('uses the injected random source on every call', () => {
    const values = [0.1, 0.9];
    const random = () => values.shift() ?? 0;
    expect([fullJitterDelay(4, settings, random), fullJitterDelay(4, settings, random)]).toEqual([
      80, 720,
    ]);
  });
});

describe('abortableSleep', () => {
  it('ends early when its signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const sleeping = abortableSleep(10_000, controller.signal);
    controller.abort();
    await sleeping;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
