// Ids named like object properties ("__proto__", "constructor", "toString"...) are valid ids.
// They go through every place an id goes (bill, till, item) and survive the journal, the
// snapshot write and its reload with the same totals, and the store keeps accepting bills.
import fc from 'fast-check';
import { makeShift, parseBill, type Bill } from '@caja/models';
import { describe, expect, it } from 'vitest';
import { openTestStore, tempDir } from './helpers.js';

const DANGEROUS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  '__defineGetter__',
  'propertyIsEnumerable',
];
const name = fc.oneof(fc.constantFrom(...DANGEROUS), fc.constantFrom('till-1', 'a', 'SKU_9'));

const billsArbitrary = fc.uniqueArray(
  fc.record({
    id: name,
    tillId: name,
    itemId: name,
    price: fc.integer({ min: 0, max: 100_000 }),
    status: fc.constantFrom<'closed' | 'void'>('closed', 'void'),
    second: fc.integer({ min: 0, max: 59 }),
  }),
  { minLength: 1, maxLength: 8, selector: (bill) => bill.id },
);

type BillInput = ReturnType<typeof billsArbitrary.generate>['value'][number];

function toBill(input: BillInput): Bill {
  const parsed = parseBill({
    id: input.id,
    tillId: input.tillId,
    version: 1,
    createdAt: `2026-11-27T17:00:${String(input.second).padStart(2, '0')}.000Z`,
    items: [{ id: input.itemId, name: input.itemId, price: input.price, quantity: 1 }],
    total: input.price,
    status: input.status,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

describe('dangerous ids through the durable store', () => {
  it('survive the snapshot write and reload with the same bills and totals', async () => {
    await fc.assert(
      fc.asyncProperty(billsArbitrary, async (inputs) => {
        const bills = inputs.map(toBill);
        const dir = tempDir('caja-dangerous-');
        const first = await openTestStore(dir);
        const results = await first.putMany(bills);
        expect(results.every((result) => result.ok)).toBe(true);
        const before = first.shift('2026-11-27');
        await first.close(); // writes the snapshot
        const second = await openTestStore(dir);
        try {
          const after = second.shift('2026-11-27');
          expect(after.total).toBe(before.total);
          expect(after.billCount).toBe(bills.length);
          expect(JSON.stringify(after.byTill)).toBe(JSON.stringify(before.byTill));
          expect(after.byTill).toEqual(makeShift('2026-11-27', bills).byTill);
          for (const bill of bills) expect(second.get(bill.id)?.bill).toEqual(bill);
          // And the store still takes bills afterwards.
          const next = toBill({ ...inputs[0]!, id: 'after-reload' });
          expect((await second.putMany([next]))[0]).toMatchObject({ ok: true });
        } finally {
          await second.close();
        }
        // A third start reads the snapshot with the new bill in it.
        const third = await openTestStore(dir);
        expect(third.shift('2026-11-27').billCount).toBe(bills.length + 1);
        await third.close();
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});
