import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countedTotal, linesTotal, makeShift, totalsByTill, type Bill } from '../src/index.js';
import { billArbitrary } from './support/arbitraries.js';

/** The largest price for which 500 lines of 9,999 each still add up to at most 2^53 - 1. */
const MAX_EXACT_PRICE = Math.floor(Number.MAX_SAFE_INTEGER / (500 * 9_999));

describe('linesTotal', () => {
  it('is exact for any lines of one sign within the contract limits', () => {
    const lines = (sign: 1 | -1) =>
      fc.array(
        fc.record({
          id: fc.constant('x'),
          price: fc.integer({ min: 0, max: MAX_EXACT_PRICE }).map((price) => 0 + sign * price),
          quantity: fc.integer({ min: 1, max: 9_999 }),
        }),
        { maxLength: 500 },
      );
    fc.assert(
      fc.property(fc.constantFrom<1 | -1>(1, -1).chain(lines), (items) => {
        const exact = items.reduce(
          (sum, item) => sum + BigInt(item.price) * BigInt(item.quantity),
          0n,
        );
        expect(BigInt(linesTotal(items))).toBe(exact);
      }),
      { numRuns: 200 },
    );
  });

  it('adds the largest lines exactly', () => {
    const items = Array.from({ length: 500 }, () => ({
      id: 'x',
      price: MAX_EXACT_PRICE,
      quantity: 9_999,
    }));
    expect(BigInt(linesTotal(items))).toBe(BigInt(MAX_EXACT_PRICE) * 9_999n * 500n);
    expect(linesTotal([])).toBe(0);
  });
});

describe('countedTotal and totalsByTill', () => {
  const bill = (tillId: string, total: number, status: Bill['status'] = 'closed'): Bill => ({
    id: `${tillId}-${total}`,
    tillId,
    version: 1,
    createdAt: '2026-11-27T15:00:00Z',
    items: [{ id: 'x', price: total, quantity: 1 }],
    total,
    kind: 'sale',
    status,
  });

  it('counts a void bill as zero but still lists it', () => {
    expect(countedTotal(bill('t1', 500, 'void'))).toBe(0);
    expect(countedTotal(bill('t1', 500))).toBe(500);
    expect(totalsByTill([bill('t1', 500), bill('t1', 700, 'void'), bill('t2', 300)])).toEqual({
      t1: { total: 500, billCount: 2 },
      t2: { total: 300, billCount: 1 },
    });
  });

  it('keeps till ids that are names of Object.prototype members apart', () => {
    const byTill = totalsByTill([
      bill('__proto__', 100),
      bill('constructor', 200),
      bill('valueOf', 300),
    ]);
    expect(Object.keys(byTill).sort()).toEqual(['__proto__', 'constructor', 'valueOf']);
    expect(Object.hasOwn(byTill, '__proto__')).toBe(true);
    expect(byTill['__proto__']).toEqual({ total: 100, billCount: 1 });
    expect(byTill['constructor']).toEqual({ total: 200, billCount: 1 });
  });

  it('per-till figures always add up to the shift figures', () => {
    fc.assert(
      fc.property(fc.array(billArbitrary, { maxLength: 30 }), (bills) => {
        const shift = makeShift('2026-11-27', bills);
        const tills = Object.values(shift.byTill);
        expect(tills.reduce((sum, till) => sum + till.total, 0)).toBe(shift.total);
        expect(tills.reduce((sum, till) => sum + till.billCount, 0)).toBe(shift.billCount);
      }),
    );
  });
});
