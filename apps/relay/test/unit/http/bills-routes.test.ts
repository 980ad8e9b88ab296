import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BATCH_BILLS } from '../../../src/services/bill-intake.js';
import { makeBill, startTestRelay, type TestRelay } from './test-relay.js';

let relay: TestRelay;
beforeEach(async () => {
  relay = await startTestRelay();
});
afterEach(() => relay.close());

const put = (bill: Record<string, unknown>, id = String(bill.id)) =>
  relay.request('PUT', `/api/v1/bills/${encodeURIComponent(id)}`, { body: bill });

/** Nothing was written: the day is still empty. */
function expectNothingStored() {
  expect(relay.store.shift('2026-11-27')).toMatchObject({ billCount: 0, total: 0 });
}

describe('PUT /api/v1/bills/{id}', () => {
  it('answers 201 with the receipt for a new bill, computing the business day in the store zone', async () => {
    // 03:00Z on the 28th is still the 27th in Bogotá (UTC-5).
    const bill = makeBill({ createdAt: '2026-11-28T03:00:00.000Z' });
    const answer = await put(bill);
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ id: bill.id, version: 1, shiftDate: '2026-11-27', lsn: 1 });
    expect(relay.store.get(String(bill.id))?.bill.total).toBe(6000);
  });

  it('answers 200 for an exact duplicate and for a newer version', async () => {
    const bill = makeBill();
    expect((await put(bill)).status).toBe(201);
    const duplicate = await put(bill);
    expect(duplicate.status).toBe(200);
    expect(duplicate.body).toMatchObject({ id: bill.id, version: 1, lsn: 1 });
    const newer = await put({
      ...bill,
      version: 2,
      items: [{ id: 'X', price: 700, quantity: 3 }],
      total: 2100,
    });
    expect(newer.status).toBe(200);
    expect(newer.body).toMatchObject({ version: 2, lsn: 2 });
    expect(relay.store.shift('2026-11-27').total).toBe(2100);
  });

  it('stores a bill number and a credit note linked to its sale, and returns both', async () => {
    const sale = makeBill({ number: 41 });
    expect((await put(sale)).status).toBe(201);
    const note = makeBill({
      id: 'note-41',
      number: 42,
      kind: 'credit_note',
      refundOf: String(sale.id),
      items: [{ id: 'SKU-1', price: -3000, quantity: 1 }],
      total: -3000,
    });
    expect((await put(note)).status).toBe(201);
    expect(relay.store.get('note-41')?.bill).toMatchObject({ number: 42, refundOf: sale.id });
    const read = await relay.request('GET', `/api/v1/bills/${String(sale.id)}`);
    expect(read.body.bill).toMatchObject({ number: 41 });
  });

  it('answers 422 for a bad number or a sale naming a sale to refund, storing nothing', async () => {
    for (const [change, field] of [
      [{ number: 0 }, 'number'],
      [{ number: 1.5 }, 'number'],
      [{ refundOf: 'sale-0' }, 'refundOf'],
    ] as const) {
      const answer = await put(makeBill(change));
      expect(answer.status).toBe(422);
      expect(answer.body.error).toMatchObject({ field });
    }
    expectNothingStored();
  });

  it('answers 409 with the stored bill for other content at the same version or an older one', async () => {
    const bill = makeBill();
    await put({ ...bill, version: 2 });
    for (const attempt of [
      { ...bill, version: 2, items: [{ id: 'X', price: 1, quantity: 1 }], total: 1 },
      { ...bill, version: 1 },
    ]) {
      const answer = await put(attempt);
      expect(answer.status).toBe(409);
      expect(answer.body.error).toMatchObject({ code: 'version_conflict', field: 'version' });
      expect(answer.body.stored).toMatchObject({ id: bill.id, version: 2, total: 6000 });
    }
  });

  it.each([
    ['malformed JSON', '{"id": "a",', 'malformed_json'],
    ['a JSON array', '[1, 2]', 'not_an_object'],
    ['a JSON string', '"bill"', 'not_an_object'],
    ['null', 'null', 'not_an_object'],
    ['an empty body', '', 'not_an_object'],
  ])('answers 400 for %s and stores nothing', async (_name, raw, code) => {
    const answer = await relay.request('PUT', '/api/v1/bills/bill-x', {
      raw,
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe(code);
    expect(answer.body.error.message).toEqual(expect.any(String));
    expectNothingStored();
  });

  it('parses JSON even without a Content-Type header', async () => {
    const bill = makeBill();
    const answer = await relay.request('PUT', `/api/v1/bills/${bill.id}`, {
      raw: JSON.stringify(bill),
    });
    expect(answer.status).toBe(201);
  });

  it('answers 400 when the path id differs from the body id', async () => {
    const answer = await put(makeBill({ id: 'bill-body' }), 'bill-path');
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'id_mismatch', field: 'id' });
    expect(answer.body.error.message).toContain('bill-path');
    expectNothingStored();
  });

  it.each([
    [
      'a negative quantity',
      { items: [{ id: 'A', price: 100, quantity: -1 }], total: -100 },
      'items[0].quantity',
    ],
    [
      'a fractional quantity',
      { items: [{ id: 'A', price: 100, quantity: 1.5 }], total: 150 },
      'items[0].quantity',
    ],
    [
      'a quantity of 10,000',
      { items: [{ id: 'A', price: 1, quantity: 10_000 }], total: 10_000 },
      'items[0].quantity',
    ],
    [
      'a fractional price',
      { items: [{ id: 'A', price: 10.5, quantity: 2 }], total: 21 },
      'items[0].price',
    ],
    ['a total that does not add up', { total: 5999 }, 'total'],
    ['a string where a number belongs', { version: '1' }, 'version'],
    ['a version of 0', { version: 0 }, 'version'],
    ['a missing createdAt', { createdAt: undefined }, 'createdAt'],
    ['a createdAt without a zone', { createdAt: '2026-11-27T10:00:00' }, 'createdAt'],
    ['an unknown field', { totl: 6000 }, 'totl'],
    ['a hostile tillId', { tillId: '../etc' }, 'tillId'],
  ])('answers 422 with the issues for %s, storing nothing', async (_name, change, field) => {
    const bill = { ...makeBill(), ...change };
    const answer = await put(bill);
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('invalid_bill');
    expect(answer.body.error.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ field, message: expect.any(String) })]),
    );
    expectNothingStored();
  });

  it('refuses a __proto__ key as an unknown field instead of merging it', async () => {
    const bill = makeBill();
    const raw = JSON.stringify(bill).replace('{', '{"__proto__":{"polluted":true},');
    const answer = await relay.request('PUT', `/api/v1/bills/${bill.id}`, { raw });
    expect(answer.status).toBe(422);
    expect(answer.body.error.issues[0]).toMatchObject({
      code: 'unknown_field',
      field: '__proto__',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expectNothingStored();
  });

  it('names total_mismatch among the issues of a bill whose total is wrong', async () => {
    const answer = await put(makeBill({ total: 1 }));
    expect(answer.body.error.issues[0]).toMatchObject({ code: 'total_mismatch', field: 'total' });
  });

  it('answers 413 for a body over 256 KB and keeps serving', async () => {
    const bill = makeBill({
      items: [{ id: 'A', name: 'x'.repeat(300 * 1024), price: 1, quantity: 1 }],
      total: 1,
    });
    const answer = await put(bill);
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('payload_too_large');
    expect(answer.body.error.message).toContain('256 KB');
    expectNothingStored();
    expect((await put(makeBill())).status).toBe(201);
  });

  it.each([
    ['a dot-dot segment', '..%2F..%2Fetc'],
    ['an encoded slash', 'a%2Fb'],
    ['a NUL character', 'bill%00x'],
    ['a newline', 'bill%0Ax'],
    ['a 10 KB id', 'a'.repeat(10 * 1024)],
    ['a space', 'bill%20x'],
  ])('answers 400 for a path id with %s and stores nothing', async (_name, rawId) => {
    const answer = await relay.request('PUT', `/api/v1/bills/${rawId}`, {
      body: makeBill({ id: 'x' }),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.field).toBe('id');
    expect(['invalid_id', 'id_mismatch']).toContain(answer.body.error.code);
    expectNothingStored();
  });

  it('answers 400 in JSON for a path with broken %-encoding', async () => {
    const answer = await relay.request('PUT', '/api/v1/bills/%E0%A4%A', { body: makeBill() });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toEqual(expect.any(String));
    expectNothingStored();
  });

  it('answers 404 in JSON (never the till app) for a path with an unencoded slash', async () => {
    const answer = await relay.request('PUT', '/api/v1/bills/a/b', { body: makeBill() });
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
  });
});

describe('POST /api/v1/bills/batch', () => {
  const batch = (body: unknown) => relay.request('POST', '/api/v1/bills/batch', { body });

  it('answers per bill, in order; invalid bills do not block valid ones', async () => {
    const first = makeBill();
    const second = makeBill();
    await put(second);
    const answer = await batch({
      bills: [
        first,
        { ...makeBill(), total: 1 },
        second,
        'not a bill',
        { ...second, version: 1, total: 2 },
      ],
    });
    expect(answer.status).toBe(200);
    const results = answer.body.results;
    expect(results).toHaveLength(5);
    expect(results[0]).toEqual({
      status: 201,
      id: first.id,
      version: 1,
      shiftDate: '2026-11-27',
      lsn: 2,
    });
    expect(results[1]).toMatchObject({
      status: 422,
      error: { code: 'invalid_bill', field: 'total' },
    });
    expect(results[2]).toMatchObject({ status: 200, id: second.id });
    expect(results[3]).toMatchObject({ status: 400, error: { code: 'not_an_object' } });
    expect(results[4]).toMatchObject({ status: 422 });
    expect(relay.store.shift('2026-11-27').billCount).toBe(2);
  });

  it('applies bills of one id in order within a batch', async () => {
    const bill = makeBill();
    const answer = await batch({
      bills: [bill, { ...bill, version: 2 }, bill],
    });
    expect(answer.body.results.map((r: { status: number }) => r.status)).toEqual([201, 200, 409]);
    expect(answer.body.results[2].stored.version).toBe(2);
  });

  it('answers 400 for a body that is not {bills: [...]}', async () => {
    for (const body of [[makeBill()], { bills: 'x' }, {}]) {
      const answer = await batch(body);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('not_a_batch');
    }
  });

  it(`answers 413 for more than ${MAX_BATCH_BILLS} bills, storing none`, async () => {
    const bills = Array.from({ length: MAX_BATCH_BILLS + 1 }, () => makeBill());
    const answer = await batch({ bills });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('batch_too_large');
    expectNothingStored();
  });

  it('gives an oversize bill inside a batch its own 413', async () => {
    const big = makeBill({
      items: [{ id: 'A', name: 'x'.repeat(270 * 1024), price: 1, quantity: 1 }],
      total: 1,
    });
    const answer = await batch({ bills: [big, makeBill()] });
    expect(answer.status).toBe(200);
    expect(answer.body.results[0]).toMatchObject({
      status: 413,
      error: { code: 'bill_too_large' },
    });
    expect(answer.body.results[1].status).toBe(201);
  });

  it('accepts an empty batch', async () => {
    const answer = await batch({ bills: [] });
    expect(answer.body).toEqual({ results: [] });
  });
});

describe('GET /api/v1/bills/{id}', () => {
  it('returns the stored bill with its day, lsn and sync state (pending until DynamoDB confirms)', async () => {
    const bill = makeBill();
    await put(bill);
    const answer = await relay.request('GET', `/api/v1/bills/${bill.id}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      bill: { ...bill, kind: 'sale', status: 'closed' },
      shiftDate: '2026-11-27',
      lsn: 1,
      sync: { state: 'pending' },
      refunds: { refundedTotal: 0, creditNotes: [] },
    });
  });

  it('answers 404 for an unknown bill and 400 for a hostile id', async () => {
    expect((await relay.request('GET', '/api/v1/bills/nope')).body.error.code).toBe(
      'bill_not_found',
    );
    const hostile = await relay.request('GET', '/api/v1/bills/..%2Fsecret');
    expect(hostile.status).toBe(400);
    expect(hostile.body.error.code).toBe('invalid_id');
  });
});
