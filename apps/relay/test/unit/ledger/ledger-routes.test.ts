import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, makeBill, startTestRelay, type TestRelay } from '../http/test-relay.js';

let relay: TestRelay;
const TILL_TOKEN = 'till-token-for-ledger-tests-0123456789';
beforeEach(async () => {
  relay = await startTestRelay();
  await relay.tills.add({
    tillId: 'till-1',
    name: 'Counter 1',
    tokenHash: createHash('sha256').update(TILL_TOKEN).digest('hex'),
    pairedAt: '2026-11-27T10:00:00.000Z',
    revokedAt: null,
  });
});
afterEach(() => relay.close());

const admin = { token: ADMIN_TOKEN };
async function put(bill: Record<string, unknown>) {
  const answer = await relay.request('PUT', `/api/v1/bills/${String(bill.id)}`, { body: bill });
  expect([200, 201]).toContain(answer.status);
}
const cash = (total: number) => ({ method: 'cash' as const, tendered: total, change: 0 });

describe('bill numbers and the till list', () => {
  it('tracks the highest number and the missing ones, with the till report', async () => {
    for (const number of [1, 2, 5]) await put(makeBill({ number }));
    const status = await relay.request('PUT', '/api/v1/tills/me/status', {
      token: TILL_TOKEN,
      body: {
        highestNumber: 5,
        outbox: 2,
        storage: { persisted: true, usage: 10, quota: 100 },
        appVersion: '2.0.0',
      },
    });
    expect(status.status).toBe(200);
    const answer = await relay.request('GET', '/api/v1/admin/tills', admin);
    expect(answer.body.tills).toEqual([
      expect.objectContaining({
        tillId: 'till-1',
        name: 'Counter 1',
        highestNumber: 5,
        missingNumbers: [3, 4],
        lastSeenAt: '2026-11-27T15:00:00.000Z',
        reported: expect.objectContaining({ highestNumber: 5, outbox: 2, appVersion: '2.0.0' }),
      }),
    ]);
  });

  it('refuses a status report from a non-till token and a malformed one', async () => {
    const body = { highestNumber: 1, outbox: 0 };
    expect((await relay.request('PUT', '/api/v1/tills/me/status', { body })).status).toBe(403);
    const bad = await relay.request('PUT', '/api/v1/tills/me/status', {
      token: TILL_TOKEN,
      body: { highestNumber: -1, outbox: 0 },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ field: 'highestNumber' });
  });

  it('turns health degraded after a number is missing 10 minutes or bills unsent an hour', async () => {
    await put(makeBill({ number: 1 }));
    await put(makeBill({ number: 3 }));
    expect((await relay.request('GET', '/api/v1/health')).body.status).toBe('ok');
    relay.clock.now = new Date('2026-11-27T15:10:00.000Z');
    const health = await relay.request('GET', '/api/v1/health');
    expect(health.body.status).toBe('degraded');
    expect(health.body.tills.missingNumbers).toEqual([
      { tillId: 'till-1', count: 1, since: '2026-11-27T15:00:00.000Z' },
    ]);
    await put(makeBill({ number: 2 }));
    expect((await relay.request('GET', '/api/v1/health')).body.status).toBe('ok');
    const report = { token: TILL_TOKEN, body: { highestNumber: 3, outbox: 1 } };
    await relay.request('PUT', '/api/v1/tills/me/status', report);
    relay.clock.now = new Date('2026-11-27T16:10:00.000Z');
    await relay.request('PUT', '/api/v1/tills/me/status', report);
    const unsent = await relay.request('GET', '/api/v1/health');
    expect(unsent.body.tills.unsentBills).toEqual([
      { tillId: 'till-1', outbox: 1, since: '2026-11-27T15:10:00.000Z' },
    ]);
  });
});

describe('linked refunds', () => {
  it('answers a sale with its refunded total and lists an over-refund, storing every note', async () => {
    const sale = makeBill({ id: 'sale-1' });
    await put(sale);
    const note = (id: string, quantity: number) =>
      makeBill({
        id,
        kind: 'credit_note',
        refundOf: 'sale-1',
        items: [{ id: 'SKU-1', price: -2500, quantity }],
        total: -2500 * quantity,
      });
    await put(note('note-1', 2));
    await put(note('note-2', 1)); // a third coffee: only two were sold
    const read = await relay.request('GET', '/api/v1/bills/sale-1');
    expect(read.body.refunds).toEqual({ refundedTotal: 7500, creditNotes: ['note-1', 'note-2'] });
    const exceptions = await relay.request(
      'GET',
      '/api/v1/exceptions?from=2026-11-27&to=2026-11-27',
      admin,
    );
    const over = exceptions.body.exceptions.filter(
      (e: { code: string }) => e.code === 'over_refund',
    );
    expect(over.map((e: { billId: string }) => e.billId)).toEqual(['note-1', 'note-2']);
    expect(over[0].detail).toMatchObject({
      saleId: 'sale-1',
      saleTotal: 6000,
      refundedTotal: 7500,
      lines: [{ itemId: 'SKU-1', sold: 2, refunded: 3 }],
    });
  });

  it('lists voids and modifications with what changed', async () => {
    const bill = makeBill({ id: 'mod-1' });
    await put(bill);
    await put({
      ...bill,
      version: 2,
      items: [{ id: 'SKU-1', price: 2500, quantity: 1 }],
      total: 2500,
    });
    await put({
      ...bill,
      version: 3,
      items: [{ id: 'SKU-1', price: 2500, quantity: 1 }],
      total: 2500,
      status: 'void',
    });
    const answer = await relay.request(
      'GET',
      '/api/v1/exceptions?from=2026-11-27&to=2026-11-27',
      admin,
    );
    const codes = answer.body.exceptions.map((e: { code: string }) => e.code);
    expect(codes).toEqual(['void', 'modified', 'modified']);
    expect(answer.body.exceptions[1].detail).toMatchObject({
      fromVersion: 1,
      toVersion: 2,
      changes: expect.arrayContaining([{ field: 'total', from: 6000, to: 2500 }]),
    });
    expect((await relay.request('GET', '/api/v1/exceptions')).status).toBe(403);
  });
});

describe('cash moves and the day close', () => {
  it('closes a day into a Z, refuses a second close with the Z, lists late bills', async () => {
    await put(makeBill({ id: 's1', number: 1, payment: cash(6000), total: 6000 }));
    await put(makeBill({ id: 's2', number: 2, payment: { method: 'card' } }));
    const move = await relay.request('POST', '/api/v1/days/2026-11-27/cash-moves', {
      ...admin,
      body: { amount: 10_000, reason: 'opening float' },
    });
    expect(move.status).toBe(201);
    expect(move.body).toMatchObject({
      amount: 10_000,
      reason: 'opening float',
      date: '2026-11-27',
    });
    const moves = await relay.request('GET', '/api/v1/days/2026-11-27/cash-moves', admin);
    expect(moves.status).toBe(200);
    expect(moves.body).toEqual({ moves: [move.body] });
    await relay.request('PUT', '/api/v1/tills/me/status', {
      token: TILL_TOKEN,
      body: { highestNumber: 3, outbox: 1 },
    });
    const close = await relay.request('POST', '/api/v1/days/2026-11-27/close', {
      ...admin,
      body: { countedCash: 15_500, note: 'short 5' },
    });
    expect(close.status).toBe(201);
    expect(close.body).toMatchObject({
      zNumber: 1,
      date: '2026-11-27',
      tills: { 'till-1': { firstNumber: 1, lastNumber: 2, billCount: 2, total: 12_000 } },
      byTender: { cash: 6000, card: 6000, other: 0 },
      cashMoves: 10_000,
      expectedCash: 16_000,
      countedCash: 15_500,
      difference: -500,
      grandTotal: 12_000,
      tillsWithUnsentBills: [{ tillId: 'till-1', outbox: 1 }],
    });
    expect(close.body.chainHead).toMatch(/^[0-9a-f]{64}$/);
    const again = await relay.request('POST', '/api/v1/days/2026-11-27/close', {
      ...admin,
      body: { countedCash: 0 },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ zNumber: 1, error: { code: 'day_closed' } });
    await put(makeBill({ id: 'late', number: 3 }));
    const z = await relay.request('GET', '/api/v1/days/2026-11-27/z', admin);
    expect(z.body).toMatchObject({ zNumber: 1, lateBills: ['late'] });
    const shift = await relay.request('GET', '/api/v1/shifts/2026-11-27');
    expect(shift.body.billCount).toBe(3);
    relay.clock.now = new Date('2026-11-28T15:00:00.000Z');
    const next = await relay.request('POST', '/api/v1/days/2026-11-28/close', {
      ...admin,
      body: { countedCash: 0 },
    });
    expect(next.body).toMatchObject({ zNumber: 2, grandTotal: 12_000, expectedCash: 0 });
  });

  it.each([
    ['/api/v1/days/2026-11-30/close', { countedCash: 0 }, 422, 'date_in_future'],
    ['/api/v1/days/2026-02-30/close', { countedCash: 0 }, 400, 'invalid_date'],
    ['/api/v1/days/2026-11-27/close', { countedCash: 1.5 }, 422, 'not_integer'],
    ['/api/v1/days/2026-11-27/close', undefined, 422, 'required'],
    ['/api/v1/days/2026-11-27/cash-moves', { amount: 0, reason: 'x' }, 422, 'out_of_range'],
    ['/api/v1/days/2026-11-27/cash-moves', { amount: 5, reason: '' }, 422, 'too_short'],
    [
      '/api/v1/days/2026-11-27/cash-moves',
      { amount: 5, reason: 'x', extra: 1 },
      422,
      'unknown_field',
    ],
  ])('POST %s %j answers %d', async (path, body, status, code) => {
    const answer = await relay.request('POST', path, { ...admin, body });
    expect(answer.status).toBe(status);
    if (code !== 'too_short') expect(answer.body.error.code).toBe(code);
    expect(answer.body.error.message.length).toBeGreaterThan(10);
    expect((await relay.request('GET', '/api/v1/days/2026-11-27/z', admin)).status).toBe(404);
  });
});

describe('reports', () => {
  it('answers by any dimension, in JSON and CSV', async () => {
    await put(makeBill({ payment: cash(6000) }));
    await put(makeBill({ createdAt: '2026-11-20T15:00:00Z' }));
    const byDay = await relay.request(
      'GET',
      '/api/v1/reports?from=2026-11-01&to=2026-11-30&by=day',
      admin,
    );
    expect(byDay.body).toMatchObject({
      by: 'day',
      rows: [
        { key: '2026-11-20', total: 6000, count: 1 },
        { key: '2026-11-27', total: 6000, count: 1 },
      ],
      totals: { total: 12_000, count: 2, average: 6000, max: 6000, min: 6000 },
    });
    const csv = await relay.request(
      'GET',
      '/api/v1/reports?from=2026-11-01&to=2026-11-30&by=tender',
      {
        ...admin,
        headers: { accept: 'text/csv' },
      },
    );
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text).toBe(
      'key,total,count,average,max,min\r\ncash,6000,1,6000,6000,6000\r\nother,6000,1,6000,6000,6000\r\n',
    );
    const bad = await relay.request('GET', '/api/v1/reports?by=year', admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_value', field: 'by' });
  });
});
