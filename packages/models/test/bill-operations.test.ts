import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addLine,
  linesTotal,
  makeCreditNote,
  newBill,
  parseBill,
  removeLastLine,
  removeLine,
  reviseBill,
  setQuantity,
  voidBill,
  withPayment,
  type Bill,
  type BillResult,
  type LineItem,
} from '../src/index.js';
import { billArbitrary } from './support/arbitraries.js';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function valueOf(result: BillResult): Bill {
  if (!result.ok) throw new Error(`unexpected rejection: ${JSON.stringify(result.issues)}`);
  return result.value;
}

function issueOf(result: BillResult) {
  if (result.ok) throw new Error('expected a rejection');
  return result.issues[0];
}

const coffee: LineItem = { id: 'SKU-1', name: 'Coffee', price: 2500, quantity: 2 };
const bread: LineItem = { id: 'SKU-2', price: 800, quantity: 1 };
const empty = deepFreeze(
  newBill({ id: 'bill-1', tillId: 'till-1', createdAt: '2026-11-27T15:04:05.123Z' }),
);
const twoLines = deepFreeze(valueOf(addLine(valueOf(addLine(empty, coffee)), bread)));

describe('newBill', () => {
  it('is an empty closed sale at version 1 that the relay accepts', () => {
    expect(empty).toEqual({
      id: 'bill-1',
      tillId: 'till-1',
      createdAt: '2026-11-27T15:04:05.123Z',
      version: 1,
      items: [],
      total: 0,
      kind: 'sale',
      status: 'closed',
    });
    expect(parseBill(empty).ok).toBe(true);
  });
});

describe('addLine', () => {
  it('appends lines and recomputes the total', () => {
    expect(twoLines.items).toEqual([coffee, bread]);
    expect(twoLines.total).toBe(5800);
    expect(twoLines.version).toBe(1);
  });

  it('merges the same id at the same price, keeps another price apart', () => {
    const merged = valueOf(addLine(twoLines, { id: 'SKU-1', price: 2500, quantity: 3 }));
    expect(merged.items[0]).toEqual({ ...coffee, quantity: 5 });
    expect(merged.total).toBe(5 * 2500 + 800);
    const markdown = valueOf(addLine(twoLines, { id: 'SKU-1', price: 2000, quantity: 1 }));
    expect(markdown.items).toHaveLength(3);
    expect(markdown.total).toBe(7800);
  });

  it('refuses a merge past 9,999 and leaves the bill as it was', () => {
    const nearlyFull = valueOf(addLine(empty, { id: 'A', price: 1, quantity: 9_998 }));
    expect(addLine(nearlyFull, { id: 'A', price: 1, quantity: 1 }).ok).toBe(true);
    expect(issueOf(addLine(nearlyFull, { id: 'A', price: 1, quantity: 2 }))).toMatchObject({
      code: 'out_of_range',
      field: 'items[0].quantity',
    });
    expect(nearlyFull.items[0]?.quantity).toBe(9_998);
  });

  it.each([
    [{ id: 'A', price: 1, quantity: 0 }, 'out_of_range', 'items[0].quantity'],
    [{ id: 'A', price: 1, quantity: 1.5 }, 'not_integer', 'items[0].quantity'],
    [{ id: 'A', price: -1, quantity: 1 }, 'out_of_range', 'items[0].price'],
    [{ id: 'A/B', price: 1, quantity: 1 }, 'invalid_id', 'items[0].id'],
  ])('refuses %j', (line, code, field) => {
    expect(issueOf(addLine(empty, line))).toMatchObject({ code, field });
  });

  it('refuses the 501st line', () => {
    let bill: Bill = empty;
    for (let index = 0; index < 500; index += 1) {
      bill = valueOf(addLine(bill, { id: `L${index}`, price: 1, quantity: 1 }));
    }
    expect(issueOf(addLine(bill, { id: 'L500', price: 1, quantity: 1 }))?.code).toBe(
      'too_many_items',
    );
  });
});

describe('setQuantity, removeLine, removeLastLine', () => {
  it('sets a quantity by id or by id and price', () => {
    expect(valueOf(setQuantity(twoLines, 'SKU-2', 4)).total).toBe(5000 + 3200);
    const withMarkdown = valueOf(addLine(twoLines, { id: 'SKU-1', price: 2000, quantity: 1 }));
    const byKey = valueOf(setQuantity(withMarkdown, { id: 'SKU-1', price: 2500 }, 1));
    expect(byKey.items.map((line) => line.quantity)).toEqual([1, 1, 1]);
    const byId = valueOf(setQuantity(withMarkdown, 'SKU-1', 3)); // the last SKU-1 line
    expect(byId.items.map((line) => line.quantity)).toEqual([2, 1, 3]);
  });

  it('refuses quantities outside 1 to 9,999 and unknown lines', () => {
    expect(issueOf(setQuantity(twoLines, 'SKU-2', 0))).toMatchObject({
      code: 'out_of_range',
      field: 'items[1].quantity',
    });
    expect(issueOf(setQuantity(twoLines, 'SKU-2', 10_000))?.code).toBe('out_of_range');
    expect(issueOf(setQuantity(twoLines, 'nope', 1))).toMatchObject({
      code: 'line_not_found',
      message: 'bill bill-1 has no line nope',
    });
  });

  it('removes a line and the last line', () => {
    expect(valueOf(removeLine(twoLines, 'SKU-1')).items).toEqual([bread]);
    expect(valueOf(removeLine(twoLines, { id: 'SKU-1', price: 2500 })).total).toBe(800);
    expect(issueOf(removeLine(twoLines, { id: 'SKU-1', price: 1 }))).toMatchObject({
      code: 'line_not_found',
      message: 'bill bill-1 has no line SKU-1 at price 1',
    });
    expect(valueOf(removeLastLine(twoLines)).items).toEqual([coffee]);
    expect(issueOf(removeLastLine(empty))?.code).toBe('line_not_found');
  });
});

describe('withPayment', () => {
  it('computes cash change from the amount tendered', () => {
    const paid = valueOf(withPayment(twoLines, { method: 'cash', tendered: 10_000 }));
    expect(paid.payment).toEqual({ method: 'cash', tendered: 10_000, change: 4200 });
  });

  it('refuses cash below the total and a wrong change', () => {
    expect(issueOf(withPayment(twoLines, { method: 'cash', tendered: 5000 }))?.code).toBe(
      'insufficient_tender',
    );
    expect(
      issueOf(withPayment(twoLines, { method: 'cash', tendered: 6000, change: 0 }))?.code,
    ).toBe('change_mismatch');
  });

  it('records card and other payments', () => {
    expect(valueOf(withPayment(twoLines, { method: 'card', reference: 'A1' })).payment).toEqual({
      method: 'card',
      reference: 'A1',
    });
  });

  it('makes later line changes that unbalance cash visible', () => {
    const paid = valueOf(withPayment(twoLines, { method: 'cash', tendered: 5800 }));
    expect(issueOf(addLine(paid, bread))?.code).toBe('insufficient_tender');
  });
});

describe('voidBill and reviseBill', () => {
  it('voids with a new version, and a void bill can no longer change', () => {
    const voided = valueOf(voidBill(twoLines));
    expect(voided).toEqual({ ...twoLines, status: 'void', version: 2 });
    for (const result of [
      voidBill(voided),
      addLine(voided, bread),
      setQuantity(voided, 'SKU-1', 1),
      removeLine(voided, 'SKU-1'),
      removeLastLine(voided),
      withPayment(voided, { method: 'card' }),
      reviseBill(voided, { items: [] }),
    ]) {
      expect(issueOf(result)).toMatchObject({ code: 'not_allowed', field: '' });
    }
  });

  it('revises lines and payment as version + 1', () => {
    const paid = valueOf(withPayment(twoLines, { method: 'card' }));
    const revised = valueOf(reviseBill(paid, { items: [bread] }));
    expect(revised).toMatchObject({ version: 2, items: [bread], total: 800 });
    expect(revised.payment).toEqual({ method: 'card' });
    const unpaid = valueOf(reviseBill(paid, { payment: null }));
    expect(unpaid.payment).toBeUndefined();
    expect('payment' in unpaid).toBe(false);
    const cash = valueOf(
      reviseBill(paid, { payment: { method: 'cash', tendered: 5800, change: 0 } }),
    );
    expect(cash.payment?.method).toBe('cash');
    expect(issueOf(reviseBill(paid, { items: [{ ...bread, quantity: 0 }] }))?.code).toBe(
      'out_of_range',
    );
  });
});

describe('makeCreditNote', () => {
  it('negates every price in a new credit note from the same till', () => {
    const withFreeLine = valueOf(addLine(twoLines, { id: 'GIFT', price: 0, quantity: 1 }));
    const note = valueOf(
      makeCreditNote(withFreeLine, { id: 'note-1', createdAt: '2026-11-28T09:00:00Z' }),
    );
    expect(note).toEqual({
      id: 'note-1',
      tillId: 'till-1',
      createdAt: '2026-11-28T09:00:00Z',
      version: 1,
      kind: 'credit_note',
      status: 'closed',
      refundOf: 'bill-1',
      items: [
        { ...coffee, price: -2500 },
        { ...bread, price: -800 },
        { id: 'GIFT', price: 0, quantity: 1 },
      ],
      total: -5800,
    });
    expect(Object.is(note.items[2]?.price, 0)).toBe(true);
    expect(
      makeCreditNote(twoLines, { id: 'n', createdAt: note.createdAt, tillId: 'till-9' }),
    ).toMatchObject({ ok: true, value: { tillId: 'till-9' } });
  });

  it('refuses to refund a credit note or a void sale', () => {
    const init = { id: 'note-2', createdAt: '2026-11-28T09:00:00Z' };
    const note = valueOf(makeCreditNote(twoLines, init));
    expect(issueOf(makeCreditNote(note, init))).toMatchObject({
      code: 'not_allowed',
      message: 'only a closed sale can be refunded; bill note-2 is a closed credit note',
    });
    expect(issueOf(makeCreditNote(valueOf(voidBill(twoLines)), init))?.code).toBe('not_allowed');
  });
});

describe('every operation on any valid bill', () => {
  const line = fc.record({
    id: fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/),
    price: fc.integer({ min: 0, max: 100_000 }),
    quantity: fc.integer({ min: 1, max: 50 }),
  });

  it('leaves its input untouched and returns a bill whose total is its lines', () => {
    fc.assert(
      fc.property(
        billArbitrary,
        line,
        fc.integer({ min: 1, max: 9_999 }),
        (generated, added, qty) => {
          const bill = deepFreeze(structuredClone(generated));
          const signed = bill.kind === 'sale' ? added : { ...added, price: 0 - added.price };
          const results = [
            addLine(bill, signed),
            setQuantity(bill, bill.items.at(-1)?.id ?? 'none', qty),
            removeLine(bill, bill.items[0]?.id ?? 'none'),
            removeLastLine(bill),
            voidBill(bill),
            reviseBill(bill, { items: bill.items.slice(1), payment: null }),
            withPayment(bill, { method: 'card' }),
            makeCreditNote(bill, { id: 'credit', createdAt: bill.createdAt }),
          ];
          expect(bill).toEqual(generated);
          for (const result of results) {
            if (!result.ok) continue;
            expect(result.value.total).toBe(linesTotal(result.value.items));
            expect(parseBill(result.value)).toEqual({ ok: true, value: result.value });
          }
        },
      ),
    );
  });
});
