import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUuidV7Generator, parseBillId, uuidV7Timestamp } from '../src/index.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Deterministic bytes from a seed, so tests replay exactly. */
function seededBytes(seed: number) {
  let state = seed >>> 0 || 1;
  return (n: number) =>
    Uint8Array.from({ length: n }, () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state & 0xff;
    });
}

function bigIntBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, '0');
  return Uint8Array.from({ length }, (_, index) =>
    parseInt(hex.slice(index * 2, index * 2 + 2), 16),
  );
}

describe('createUuidV7Generator', () => {
  it('reproduces the RFC 9562 appendix A.6 example', () => {
    // unix_ts_ms 0x017F22E279B0, rand_a 0xCC3, rand_b 0x18C4DC0C0C07398F.
    const randomBits = (0xcc3n << 62n) | 0x18c4dc0c0c07398fn;
    const next = createUuidV7Generator({
      now: () => 0x017f22e279b0,
      randomBytes: () => bigIntBytes(randomBits, 10),
    });
    expect(next()).toBe('017f22e2-79b0-7cc3-98c4-dc0c0c07398f');
  });

  it('writes version 7, variant 10 and the timestamp, as a valid bill id', () => {
    const now = Date.UTC(2026, 10, 27, 15, 4, 5, 123);
    const next = createUuidV7Generator({ now: () => now, randomBytes: seededBytes(7) });
    const id = next();
    expect(id).toMatch(V7);
    expect(uuidV7Timestamp(id)).toBe(now);
    expect(parseBillId(id).ok).toBe(true);
  });

  it('increases strictly within a millisecond and when the clock steps back', () => {
    const times = [1000, 1000, 1000, 999, 500, 1001, 1001];
    let call = 0;
    const next = createUuidV7Generator({
      now: () => times[call++] ?? 0,
      randomBytes: seededBytes(3),
    });
    const ids = times.map(() => next());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.map((id) => uuidV7Timestamp(id))).toEqual([
      1000, 1000, 1000, 1000, 1000, 1001, 1001,
    ]);
  });

  it('moves to the next millisecond when the random bits run out', () => {
    const next = createUuidV7Generator({
      now: () => 5000,
      randomBytes: (n) => new Uint8Array(n).fill(0xff),
    });
    const first = next();
    const second = next();
    expect(uuidV7Timestamp(first)).toBe(5000);
    expect(uuidV7Timestamp(second)).toBe(5001);
    expect(second > first).toBe(true);
  });

  it('never repeats or goes back, whatever the clock does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 ** 48 - 2 ** 20 }), { minLength: 1, maxLength: 60 }),
        fc.integer(),
        (times, seed) => {
          let call = 0;
          const next = createUuidV7Generator({
            now: () => times[call++]!,
            randomBytes: seededBytes(seed),
          });
          const ids = times.map(() => next());
          ids.forEach((id, index) => {
            expect(id).toMatch(V7);
            expect(uuidV7Timestamp(id)).toBeGreaterThanOrEqual(times[index]!);
            if (index > 0) expect(id > ids[index - 1]!).toBe(true);
          });
        },
      ),
    );
  });

  it('refuses a broken clock or random source', () => {
    expect(() => createUuidV7Generator({ now: () => -1, randomBytes: seededBytes(1) })()).toThrow(
      RangeError,
    );
    expect(() => createUuidV7Generator({ now: () => NaN, randomBytes: seededBytes(1) })()).toThrow(
      RangeError,
    );
    expect(() =>
      createUuidV7Generator({ now: () => 2 ** 48, randomBytes: seededBytes(1) })(),
    ).toThrow(RangeError);
    expect(() =>
      createUuidV7Generator({ now: () => 1, randomBytes: () => new Uint8Array(2) })(),
    ).toThrow('randomBytes(10) returned 2 bytes');
  });
});

describe('uuidV7Timestamp', () => {
  it('reads only UUIDv7 strings', () => {
    expect(uuidV7Timestamp('017F22E2-79B0-7CC3-98C4-DC0C0C07398F')).toBe(0x017f22e279b0);
    expect(uuidV7Timestamp('017f22e2-79b0-4cc3-98c4-dc0c0c07398f')).toBeUndefined();
    expect(uuidV7Timestamp('bill-1')).toBeUndefined();
  });
});
