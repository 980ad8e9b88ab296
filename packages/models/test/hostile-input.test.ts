// Input a hostile or broken till can send: ids named like object properties, dates at the
// calendar's edges, control and text-direction characters in text people read.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  businessDay,
  groupIntoShifts,
  isBusinessDay,
  isSafeText,
  makeShift,
  parseBill,
  recordFrom,
  totalsByTill,
  type Bill,
} from '../src/index.js';
import { billArbitrary } from './support/arbitraries.js';
import { contractExample, firstIssue } from './support/contract-example.js';

/** Names that find something on Object.prototype when used as a key of a plain object. */
export const DANGEROUS_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  '__defineGetter__',
  '__lookupSetter__',
  'propertyIsEnumerable',
  'toLocaleString',
] as const;
const dangerousName = fc.constantFrom(...DANGEROUS_NAMES);

describe('ids named like object properties', () => {
  it('are valid ids everywhere an id goes (bill, till, item)', () => {
    for (const name of DANGEROUS_NAMES) {
      const bill = { ...contractExample, id: name, tillId: name };
      bill.items = [{ id: name, name: 'Coffee', price: 2500, quantity: 2 }];
      expect(parseBill(bill)).toMatchObject({ ok: true, value: { id: name, tillId: name } });
    }
  });

  it('count as ordinary tills in per-till totals, whatever else is on the day', () => {
    fc.assert(
      fc.property(fc.array(billArbitrary, { maxLength: 8 }), dangerousName, (bills, name) => {
        const hostile = bills.map((bill, index) =>
          index % 2 === 0 ? { ...bill, tillId: name } : bill,
        );
        const byTill = totalsByTill(hostile);
        const own = hostile.filter((bill) => bill.tillId === name);
        expect(Object.getPrototypeOf(byTill)).toBeNull();
        if (own.length > 0) expect(byTill[name]?.billCount).toBe(own.length);
        else expect(byTill[name]).toBeUndefined();
        // The JSON form keeps every till, the dangerous one included, and reads back equal.
        const reread = JSON.parse(JSON.stringify(byTill)) as Record<string, unknown>;
        expect(Object.keys(reread).sort()).toEqual(Object.keys(byTill).sort());
        const shift = makeShift('2026-11-27', hostile);
        const sum = Object.values(shift.byTill).reduce((total, till) => total + till.total, 0);
        expect(sum).toBe(shift.total);
      }),
    );
  });

  it('keep "__proto__" as a key of a record built from entries', () => {
    const record = recordFrom([['__proto__', 1] as const, ['toString', 2] as const]);
    expect(Object.keys(record)).toEqual(['__proto__', 'toString']);
    expect(JSON.stringify(record)).toBe('{"__proto__":1,"toString":2}');
  });

  it('group into shifts whose map has no inherited members', () => {
    const shifts = groupIntoShifts([contractExample as Bill], 'UTC');
    expect(Object.getPrototypeOf(shifts)).toBeNull();
    expect(shifts['constructor']).toBeUndefined();
  });
});

describe('business days', () => {
  it('are YYYY-MM-DD with a four-digit year and a real date', () => {
    expect(isBusinessDay('2026-11-27')).toBe(true);
    expect(isBusinessDay('2024-02-29')).toBe(true);
    for (const bad of ['999-06-01', '0999-06-01', '10000-01-01', '+010000-01-01', '2026-02-30']) {
      expect(isBusinessDay(bad), bad).toBe(false);
    }
    expect(isBusinessDay('2026-13-01')).toBe(false);
    expect(isBusinessDay('2026-11-27 ')).toBe(false);
  });

  it('come out of businessDay for every bill the validator accepts', () => {
    fc.assert(
      fc.property(
        billArbitrary,
        fc.constantFrom('UTC', 'Pacific/Kiritimati', 'Etc/GMT+12'),
        (bill, zone) => {
          expect(isBusinessDay(businessDay(bill.createdAt, zone))).toBe(true);
        },
      ),
    );
  });

  it('are never made from an instant outside the four-digit years', () => {
    expect(() => businessDay('0999-06-01T12:00:00Z', 'UTC')).toThrow(RangeError);
    expect(() => businessDay('9999-12-31T23:00:00-05:00', 'UTC')).toThrow(RangeError);
  });
});

describe('createdAt a till cannot honestly have', () => {
  const now = () => new Date('2026-11-27T12:00:00.000Z');

  it('is refused before 2000, naming createdAt', () => {
    for (const createdAt of ['0999-06-01T12:00:00Z', '1999-12-31T23:59:59Z']) {
      const issue = firstIssue({ ...contractExample, createdAt });
      expect(issue).toMatchObject({ code: 'implausible_date', field: 'createdAt' });
      expect(issue.message).toMatch(/^createdAt must be from 2000-01-01/);
    }
  });

  it('is refused more than two days ahead of the relay clock, accepted just inside', () => {
    const late = parseBill({ ...contractExample, createdAt: '2026-11-29T12:00:01Z' }, { now });
    expect(late).toMatchObject({ ok: false, issues: [{ field: 'createdAt' }] });
    const edge = parseBill({ ...contractExample, createdAt: '2026-11-29T12:00:00Z' }, { now });
    expect(edge.ok).toBe(true);
  });

  it('is refused when no clock is given only where a business day would lose its four digits', () => {
    expect(parseBill({ ...contractExample, createdAt: '9999-06-01T00:00:00Z' }).ok).toBe(true);
    const issue = firstIssue({ ...contractExample, createdAt: '9999-12-31T23:00:00-05:00' });
    expect(issue).toMatchObject({ code: 'implausible_date', field: 'createdAt' });
  });
});

describe('text people read', () => {
  const unsafe = [
    '\u0000',
    '\u0007',
    '\n',
    '\t',
    '\u001b[31m',
    '\u007f',
    '\u0085',
    '\u202e',
    '\u2066',
    '\u200f',
    '\u2028',
  ];

  it('refuses control and text-direction characters in item names, naming the field', () => {
    for (const character of unsafe) {
      const items = [{ id: 'SKU-1', name: `Cof${character}fee`, price: 2500, quantity: 2 }];
      const issue = firstIssue({ ...contractExample, items });
      expect(issue, JSON.stringify(character)).toMatchObject({
        code: 'unsafe_text',
        field: 'items[0].name',
      });
      expect(issue.message).toMatch(
        /^items\[0\]\.name must not hold control or text-direction characters/,
      );
      expect(issue.message).toContain('character 4 is U+');
    }
  });

  it('refuses them in payment notes and references too', () => {
    const note = { ...contractExample, payment: { method: 'other', note: 'IOU \u202Eevil' } };
    expect(firstIssue(note)).toMatchObject({ code: 'unsafe_text', field: 'payment.note' });
    const card = { ...contractExample, payment: { method: 'card', reference: 'A\rB' } };
    expect(firstIssue(card)).toMatchObject({ code: 'unsafe_text', field: 'payment.reference' });
  });

  it('accepts names in any script, accents and emoji included', () => {
    for (const name of ['Café con leche', 'قهوة', 'コーヒー', 'Pão 🍞', 'Ñandú']) {
      expect(isSafeText(name), name).toBe(true);
      const items = [{ id: 'SKU-1', name, price: 2500, quantity: 2 }];
      expect(parseBill({ ...contractExample, items }).ok).toBe(true);
    }
  });
});
