import { describe, expect, it } from 'vitest';
import {
  addDays,
  canonicalJson,
  decideUpsert,
  sameContent,
  withSortedKeys,
  type Bill,
} from '../src/index.js';

const bill: Bill = {
  id: 'b-1',
  tillId: 'till-1',
  version: 2,
  createdAt: '2026-11-27T15:04:05.123Z',
  items: [{ id: 'SKU-1', price: 2500, quantity: 2 }],
  total: 5000,
  kind: 'sale',
  status: 'closed',
};
/** The same bill with its keys in another order, as another client may send it. */
const reordered = JSON.parse(
  '{"total":5000,"items":[{"quantity":2,"price":2500,"id":"SKU-1"}],"status":"closed","kind":"sale","createdAt":"2026-11-27T15:04:05.123Z","version":2,"tillId":"till-1","id":"b-1"}',
) as Bill;

describe('canonical JSON', () => {
  it('sorts keys at every depth, so key order never changes the bytes', () => {
    expect(canonicalJson(reordered)).toBe(canonicalJson(bill));
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('keeps a "__proto__" key from outside data as data', () => {
    const outside = JSON.parse('{"z":1,"__proto__":{"x":1}}') as object;
    const sorted = withSortedKeys(outside);
    expect(Object.getPrototypeOf(sorted)).toBe(Object.prototype);
    expect(JSON.stringify(sorted)).toBe('{"__proto__":{"x":1},"z":1}');
  });
});

describe('decideUpsert', () => {
  it('creates, updates to a newer version, and treats a replay in any key order as a duplicate', () => {
    expect(decideUpsert(undefined, bill)).toBe('create');
    expect(decideUpsert(bill, { ...bill, version: 3 })).toBe('update');
    expect(decideUpsert(bill, reordered)).toBe('duplicate');
    expect(sameContent(bill, reordered)).toBe(true);
  });

  it('is a conflict for other content at the same version, or an older version', () => {
    expect(decideUpsert(bill, { ...bill, total: 5001 })).toBe('conflict');
    expect(decideUpsert(bill, { ...bill, version: 1 })).toBe('conflict');
  });
});

describe('addDays', () => {
  it('does calendar arithmetic across months, years and leap days', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(() => addDays('not a day', 1)).toThrow(RangeError);
  });
});
