import { describe, expect, it } from 'vitest';
import { BILL_LIMITS, parseBill } from '../src/index.js';
import { contractExample, firstIssue, issuesOf } from './support/contract-example.js';

describe('parseBill accepts', () => {
  it('a bill of exactly the six contract fields, with kind and status defaulted', () => {
    expect(parseBill(contractExample)).toEqual({
      ok: true,
      value: { ...contractExample, kind: 'sale', status: 'closed' },
    });
  });

  it('an empty bill, a zero price and the largest quantity', () => {
    expect(parseBill({ ...contractExample, items: [], total: 0 }).ok).toBe(true);
    const items = [{ id: 'free', price: 0, quantity: 9_999 }];
    expect(parseBill({ ...contractExample, items, total: 0 }).ok).toBe(true);
  });

  it('a credit note with negative prices, void status and a cash refund', () => {
    const bill = {
      ...contractExample,
      kind: 'credit_note',
      status: 'void',
      items: [{ id: 'SKU-1', price: -2500, quantity: 2 }],
      total: -5000,
      payment: { method: 'cash', tendered: -5000, change: 0 },
    };
    expect(parseBill(bill)).toEqual({ ok: true, value: bill });
  });

  it('every payment method with its optional fields', () => {
    for (const payment of [
      { method: 'cash', tendered: 10_000, change: 5_000 },
      { method: 'card' },
      { method: 'card', reference: 'AUTH-123' },
      { method: 'other', note: 'voucher 7' },
    ]) {
      expect(parseBill({ ...contractExample, payment })).toMatchObject({
        ok: true,
        value: { payment },
      });
    }
  });

  it('offsets, fractions from 1 to 9 digits and 29 February of a leap year', () => {
    for (const createdAt of [
      '2026-11-27T10:04:05-05:00',
      '2026-11-27T20:34:05.1+05:30',
      '2026-11-27T15:04:05.123456789Z',
      '2028-02-29T23:59:59Z',
    ]) {
      expect(parseBill({ ...contractExample, createdAt }).ok, createdAt).toBe(true);
    }
  });

  it('does not modify its input', () => {
    const input = structuredClone({ ...contractExample, schemaVersion: 1 });
    const before = structuredClone(input);
    parseBill(input);
    expect(input).toEqual(before);
  });
});

describe('parseBill rejects, naming the field', () => {
  it.each([
    ['a list', [], 'wrong_type', ''],
    ['null', null, 'wrong_type', ''],
    ['a missing id', { ...contractExample, id: undefined }, 'required', 'id'],
    ['a numeric id', { ...contractExample, id: 42 }, 'wrong_type', 'id'],
    ['an id with a slash', { ...contractExample, id: 'a/b' }, 'invalid_id', 'id'],
    ['an empty tillId', { ...contractExample, tillId: '' }, 'invalid_id', 'tillId'],
    ['a 65-character tillId', { ...contractExample, tillId: 'x'.repeat(65) }, 'too_long', 'tillId'],
    ['version 0', { ...contractExample, version: 0 }, 'out_of_range', 'version'],
    ['version 1.5', { ...contractExample, version: 1.5 }, 'not_integer', 'version'],
    ['version beyond 2^53', { ...contractExample, version: 2 ** 53 }, 'out_of_range', 'version'],
    ['a string total', { ...contractExample, total: '5000' }, 'wrong_type', 'total'],
    ['a wrong total', { ...contractExample, total: 4999 }, 'total_mismatch', 'total'],
    ['items as an object', { ...contractExample, items: {} }, 'wrong_type', 'items'],
    ['an unknown kind', { ...contractExample, kind: 'refund' }, 'unknown_value', 'kind'],
    ['an unknown status', { ...contractExample, status: 'open' }, 'unknown_value', 'status'],
    ['an unknown top-level field', { ...contractExample, totl: 5000 }, 'unknown_field', 'totl'],
    [
      'an unknown payment method',
      { ...contractExample, payment: { method: 'bitcoin' } },
      'unknown_value',
      'payment.method',
    ],
    [
      'a payment without a method',
      { ...contractExample, payment: {} },
      'required',
      'payment.method',
    ],
    [
      'a payment field of another method',
      { ...contractExample, payment: { method: 'card', note: 'x' } },
      'unknown_field',
      'payment.note',
    ],
    [
      'cash below the total',
      { ...contractExample, payment: { method: 'cash', tendered: 4000, change: 0 } },
      'insufficient_tender',
      'payment.tendered',
    ],
    [
      'wrong change',
      { ...contractExample, payment: { method: 'cash', tendered: 10_000, change: 4000 } },
      'change_mismatch',
      'payment.change',
    ],
    [
      'a too long card reference',
      { ...contractExample, payment: { method: 'card', reference: 'r'.repeat(101) } },
      'too_long',
      'payment.reference',
    ],
  ])('%s', (_name, input, code, field) => {
    expect(firstIssue(input)).toMatchObject({ code, field });
  });

  it.each([
    [{ id: 'a', price: 100, quantity: 0 }, 'out_of_range', 'items[0].quantity'],
    [{ id: 'a', price: 100, quantity: 10_000 }, 'out_of_range', 'items[0].quantity'],
    [{ id: 'a', price: 100, quantity: 2.5 }, 'not_integer', 'items[0].quantity'],
    [{ id: 'a', price: 0.5, quantity: 1 }, 'not_integer', 'items[0].price'],
    [{ id: 'a', price: '100', quantity: 1 }, 'wrong_type', 'items[0].price'],
    [{ id: 'a', price: 100 }, 'required', 'items[0].quantity'],
    [{ id: 'a b', price: 100, quantity: 1 }, 'invalid_id', 'items[0].id'],
    [{ id: 'a', name: 'n'.repeat(201), price: 100, quantity: 1 }, 'too_long', 'items[0].name'],
    [{ id: 'a', price: 100, quantity: 1, sku: 'x' }, 'unknown_field', 'items[0].sku'],
    ['a line', 'wrong_type', 'items[0]'],
  ])('line %j', (line, code, field) => {
    expect(firstIssue({ ...contractExample, items: [line], total: 100 })).toMatchObject({
      code,
      field,
    });
  });

  it('treats a "__proto__" key as an unknown field, not as a prototype', () => {
    const body = JSON.parse(
      '{"id":"b","tillId":"t","version":1,"createdAt":"2026-11-27T15:04:05Z","items":[],' +
        '"total":0,"__proto__":{"status":"void"}}',
    );
    expect(firstIssue(body)).toMatchObject({ code: 'unknown_field', field: '__proto__' });
    const line = JSON.parse('{"id":"a","price":1,"quantity":1,"__proto__":{"price":-1}}');
    expect(firstIssue({ ...contractExample, items: [line], total: 1 })).toMatchObject({
      code: 'unknown_field',
      field: 'items[0].__proto__',
    });
  });

  it('writes messages for a person, naming the field, the rule and what came', () => {
    const items = [
      { id: 'a', price: 1, quantity: 1 },
      { id: 'b', price: 1, quantity: 1 },
      { id: 'c', price: 1, quantity: 1 },
      { id: 'd', price: 1, quantity: 2.5 },
    ];
    expect(firstIssue({ ...contractExample, items })).toEqual({
      code: 'not_integer',
      field: 'items[3].quantity',
      message: 'items[3].quantity must be a whole number from 1 to 9,999; got 2.5',
    });
    expect(firstIssue({ ...contractExample, total: 1 }).message).toBe(
      'total must equal the sum of price × quantity over items, 5000; got 1',
    );
    expect(firstIssue({ ...contractExample, version: undefined }).message).toBe(
      'version is required: it must be a whole number from 1 to 1,000,000',
    );
  });

  it('reports every broken field once', () => {
    const issues = issuesOf(
      parseBill({ ...contractExample, id: '', tillId: 'a/b', version: 0, extra: 1, other: 2 }),
    );
    expect(issues.map((issue) => issue.field).sort()).toEqual([
      'extra',
      'id',
      'other',
      'tillId',
      'version',
    ]);
  });

  it('rejects a sale with a negative price and a credit note with a positive one', () => {
    const sale = { ...contractExample, items: [{ id: 'a', price: -5, quantity: 1 }], total: -5 };
    expect(firstIssue(sale)).toMatchObject({ code: 'out_of_range', field: 'items[0].price' });
    const note = {
      ...sale,
      kind: 'credit_note',
      items: [{ id: 'a', price: 5, quantity: 1 }],
      total: 5,
    };
    expect(firstIssue(note)).toMatchObject({ code: 'out_of_range', field: 'items[0].price' });
  });

  it('rejects lines whose sum passes the bound on a bill, with the reason', () => {
    const items = [
      { id: 'a', price: BILL_LIMITS.maxAmount, quantity: 9_999 },
      { id: 'b', price: BILL_LIMITS.maxAmount, quantity: 9_999 },
    ];
    const issue = firstIssue({ ...contractExample, items, total: 0 });
    expect(issue).toMatchObject({ code: 'out_of_range', field: 'total' });
    expect(issue?.message).toContain('so day and month totals stay exact');
  });

  it('rejects a line price beyond the bound on a bill', () => {
    const items = [{ id: 'a', price: BILL_LIMITS.maxAmount + 1, quantity: 1 }];
    const bill = { ...contractExample, items, total: BILL_LIMITS.maxAmount + 1 };
    expect(firstIssue(bill)).toMatchObject({ code: 'out_of_range', field: 'items[0].price' });
  });

  it('accepts a bill of exactly the bound, whose totals stay exact', () => {
    const items = [{ id: 'a', price: BILL_LIMITS.maxAmount, quantity: 1 }];
    expect(parseBill({ ...contractExample, items, total: BILL_LIMITS.maxAmount }).ok).toBe(true);
    // 900,000 bills of the largest size still sum below 2^53.
    expect(BILL_LIMITS.maxAmount * 900_000).toBeLessThan(Number.MAX_SAFE_INTEGER);
  });

  it('refuses a version beyond the bound, which would block every later edit', () => {
    const issue = firstIssue({ ...contractExample, version: Number.MAX_SAFE_INTEGER });
    expect(issue).toMatchObject({ code: 'out_of_range', field: 'version' });
  });

  it('rejects more than 500 lines without reading them, and caps the number of issues', () => {
    const line = { id: 'a', price: 1, quantity: 1 };
    const tooMany = Array.from({ length: BILL_LIMITS.maxItems + 1 }, () => line);
    expect(issuesOf(parseBill({ ...contractExample, items: tooMany, total: 501 }))).toEqual([
      {
        code: 'too_many_items',
        field: 'items',
        message: 'items must be a list of at most 500 lines; got a list of 501 items',
      },
    ]);
    const allBad = Array.from({ length: 500 }, () => ({ id: 'a', price: 1, quantity: 0 }));
    expect(issuesOf(parseBill({ ...contractExample, items: allBad })).length).toBe(50);
  });

  it.each([
    ['2026-11-27T15:04:05', 'no zone'],
    ['2026-11-27 15:04:05', 'no zone'],
    ['2026-11-27', ''],
    ['2026-02-29T10:00:00Z', 'not a real date'],
    ['2026-04-31T10:00:00Z', 'not a real date'],
    ['2026-13-01T10:00:00Z', 'not a real date'],
    ['2026-11-27T24:00:00Z', 'not a real date'],
    ['2026-11-27T23:59:60Z', 'not a real date'],
    ['2026-11-27T23:59:59+24:00', 'not a real date'],
    ['2026-11-27T15:04:05+0500', ''],
    ['2026-11-27T15:04Z', ''],
    ['yesterday', ''],
  ])('createdAt %s', (createdAt, hint) => {
    const issue = firstIssue({ ...contractExample, createdAt });
    expect(issue).toMatchObject({ code: 'invalid_date', field: 'createdAt' });
    expect(issue.message).toContain(hint);
  });
});
