// Two rules every bill passes through at intake, against plain reference versions: canonical key
// order is Array.prototype.sort's code-point order, and nesting depth is counted as JSON nests.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nestsDeeperThan, withSortedKeys } from '../src/index.js';

/** Depth of a JSON value: 0 for a scalar, 1 + the deepest child for an object or a list. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

/** Sorted keys the plain way: Array.prototype.sort on every object's keys. */
function sortedByBuiltIn(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortedByBuiltIn);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    Object.defineProperty(out, key, {
      value: sortedByBuiltIn((value as Record<string, unknown>)[key]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

// Keys that sort differently by code point and by locale, with surrogate pairs and "__proto__".
const key = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.constantFrom('__proto__', 'Z', 'a', 'é', 'É', '\u{1F600}', '\uFFFD', '10', '9', ''),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.integer(),
    fc.string({ maxLength: 3 }),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 6 }),
  ),
})).value;

describe('withSortedKeys', () => {
  it("orders every object's keys as Array.prototype.sort does", () => {
    fc.assert(
      fc.property(json, (value) => {
        // Same text: the same keys in the same order (integer-like keys first, as JS orders
        // them in any object), the same values.
        expect(JSON.stringify(withSortedKeys(value))).toBe(JSON.stringify(sortedByBuiltIn(value)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('nestsDeeperThan', () => {
  it('is true exactly when the value nests deeper than the limit', () => {
    fc.assert(
      fc.property(json, fc.integer({ min: 0, max: 6 }), (value, max) => {
        expect(nestsDeeperThan(value, max)).toBe(depthOf(value) > max);
      }),
      { numRuns: 500 },
    );
  });

  it('counts a "__proto__" member like any other and survives 100,000 nested lists', () => {
    const hidden = JSON.parse('{"__proto__": {"a": {"b": [1]}}}') as unknown;
    expect(nestsDeeperThan(hidden, 3)).toBe(true);
    expect(nestsDeeperThan(hidden, 4)).toBe(false);
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    expect(nestsDeeperThan(deep, 16)).toBe(true);
  });
});
