// Money sums stay exact or fail loudly: a day, a month, an aggregate or the grand total that
// would pass 2^53 − 1 minor units is refused (InexactSumError), never rounded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMoney,
  computeZ,
  emptyAggregate,
  addBill,
  InexactSumError,
  linesTotal,
  makeShift,
  multiplyMoney,
  rangeReport,
  type Bill,
} from '../src/index.js';

const MAX = Number.MAX_SAFE_INTEGER;
const BOUND = 10_000_000_000; // the largest bill (wire rules)

function bill(id: string, total: number, createdAt = '2026-11-27T15:00:00Z'): Bill {
  return {
    id,
    tillId: 'till-1',
    version: 1,
    createdAt,
    items: [{ id: 'x', price: total, quantity: 1 }],
    total,
  } as Bill;
}

describe('addMoney and multiplyMoney', () => {
  it('equal exact integer arithmetic whenever the result is safe, and throw otherwise', () => {
    const amount = fc.integer({ min: -MAX, max: MAX });
    fc.assert(
      fc.property(amount, amount, (a, b) => {
        const exact = BigInt(a) + BigInt(b);
        if (exact > BigInt(MAX) || exact < -BigInt(MAX))
          expect(() => addMoney(a, b)).toThrow(InexactSumError);
        else expect(BigInt(addMoney(a, b))).toBe(exact);
      }),
      { numRuns: 2_000 },
    );
    expect(() => addMoney(MAX, 1)).toThrow(/could no longer be counted exactly/);
    expect(addMoney(MAX - 1, 1)).toBe(MAX);
    expect(() => multiplyMoney(BOUND, 1_000_000)).toThrow(InexactSumError);
    expect(multiplyMoney(BOUND, 9_999)).toBe(99_990_000_000_000);
  });
});

describe('sums over bills', () => {
  // Amounts beyond a bill's bound, so that a few bills reach the limit (the sums do not check
  // bounds, only exactness).
  const third = Math.floor(MAX / 3);

  it('a day adds up exactly to the limit, and past it is refused', () => {
    const bills = [bill('a', third), bill('b', third), bill('c', MAX - 2 * third)];
    expect(makeShift('2026-11-27', bills).total).toBe(MAX);
    expect(makeShift('2026-11-27', bills).byTill['till-1']!.total).toBe(MAX);
    expect(() => makeShift('2026-11-27', [...bills, bill('one-more', 1)])).toThrow(InexactSumError);
    expect(() =>
      linesTotal([
        { id: 'x', price: MAX, quantity: 1 },
        { id: 'y', price: 1, quantity: 1 },
      ]),
    ).toThrow(InexactSumError);
  });

  it('a range report refuses a total it could only give rounded', () => {
    const day = (date: string, total: number) =>
      makeShift(date, [bill(`${date}-a`, total, `${date}T15:00:00Z`)]);
    expect(() => rangeReport([day('2026-11-01', MAX - 1), day('2026-11-02', 2)])).toThrow(
      InexactSumError,
    );
    expect(rangeReport([day('2026-11-01', MAX - 2), day('2026-11-02', 2)]).total).toBe(MAX);
  });

  it("a day's aggregate refuses to pass the limit", () => {
    const aggregate = emptyAggregate('2026-11-27');
    aggregate.bills = { total: MAX - BOUND + 1, count: 1, max: BOUND, min: BOUND };
    expect(() => addBill(aggregate, bill('b', BOUND), 'America/Bogota')).toThrow(InexactSumError);
  });

  it('the grand total of a Z, which grows without end, is refused past the limit', () => {
    const input = {
      zNumber: 2,
      date: '2026-11-27',
      closedAt: '2026-11-28T02:00:00Z',
      bills: [bill('b', BOUND)],
      moves: [],
      countedCash: 0,
      chainHead: 'ab'.repeat(32),
    };
    expect(computeZ({ ...input, previousGrandTotal: MAX - BOUND }).grandTotal).toBe(MAX);
    expect(() => computeZ({ ...input, previousGrandTotal: MAX - BOUND + 1 })).toThrow(
      InexactSumError,
    );
  });
});
