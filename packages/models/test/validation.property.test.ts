import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBill, type Bill, type ValidationCode } from '../src/index.js';
import { billArbitrary } from './support/arbitraries.js';

const wire = (bill: Bill): Record<string, unknown> => JSON.parse(JSON.stringify(bill));

describe('parseBill on generated bills', () => {
  it('accepts every valid bill and returns it unchanged', () => {
    fc.assert(
      fc.property(billArbitrary, (bill) => {
        expect(parseBill(wire(bill))).toEqual({ ok: true, value: bill });
      }),
    );
  });

  it('accepts every valid bill stripped to the six required fields', () => {
    fc.assert(
      fc.property(billArbitrary, ({ id, tillId, version, createdAt, items, total, kind }) => {
        fc.pre(kind === 'sale');
        expect(parseBill(wire({ id, tillId, version, createdAt, items, total } as Bill)).ok).toBe(
          true,
        );
      }),
    );
  });

  type Mutation = (body: Record<string, unknown>, bill: Bill) => [ValidationCode, string];
  const lineOf = (body: Record<string, unknown>) => (body.items as Record<string, unknown>[])[0]!;
  const mutations: Record<string, Mutation> = {
    'total off by one': (body) => {
      body.total = (body.total as number) + 1;
      return ['total_mismatch', 'total'];
    },
    'id with a slash': (body) => {
      body.id = `${String(body.id).slice(0, 10)}/x`;
      return ['invalid_id', 'id'];
    },
    'tillId too long': (body) => {
      body.tillId = 't'.repeat(65);
      return ['too_long', 'tillId'];
    },
    'version zero': (body) => {
      body.version = 0;
      return ['out_of_range', 'version'];
    },
    'createdAt without zone': (body) => {
      body.createdAt = String(body.createdAt).slice(0, 19);
      return ['invalid_date', 'createdAt'];
    },
    'unknown field': (body) => {
      body.discount = 10;
      return ['unknown_field', 'discount'];
    },
    'createdAt missing': (body) => {
      delete body.createdAt;
      return ['required', 'createdAt'];
    },
    'unknown kind': (body) => {
      body.kind = 'refund';
      return ['unknown_value', 'kind'];
    },
    'quantity zero': (body, bill) => {
      fc.pre(bill.items.length > 0);
      lineOf(body).quantity = 0;
      return ['out_of_range', 'items[0].quantity'];
    },
    'quantity above 9,999': (body, bill) => {
      fc.pre(bill.items.length > 0);
      lineOf(body).quantity = 10_000;
      return ['out_of_range', 'items[0].quantity'];
    },
    'fractional price': (body, bill) => {
      fc.pre(bill.items.length > 0);
      lineOf(body).price = (lineOf(body).price as number) + 0.5;
      return ['not_integer', 'items[0].price'];
    },
    'price of the wrong sign': (body, bill) => {
      fc.pre(bill.items.length > 0 && bill.items[0]!.price !== 0);
      lineOf(body).price = -(lineOf(body).price as number);
      return ['out_of_range', 'items[0].price'];
    },
  };

  for (const [name, mutate] of Object.entries(mutations)) {
    it(`rejects a bill with ${name}`, () => {
      fc.assert(
        fc.property(billArbitrary, (bill) => {
          const body = wire(bill);
          const [code, field] = mutate(body, bill);
          const result = parseBill(body);
          expect(result.ok).toBe(false);
          if (!result.ok)
            expect(result.issues).toContainEqual(expect.objectContaining({ code, field }));
        }),
      );
    });
  }
});
