import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_SHIFT_RANGE_DAYS } from '../../../src/services/shift-queries.js';
import { makeBill, startTestRelay, type TestRelay } from './test-relay.js';

let relay: TestRelay;
beforeEach(async () => {
  relay = await startTestRelay();
});
afterEach(() => relay.close());

async function store(bill: Record<string, unknown>) {
  const answer = await relay.request('PUT', `/api/v1/bills/${bill.id}`, { body: bill });
  expect(answer.status).toBe(201);
}

describe('GET /api/v1/shifts/{date}', () => {
  it('returns the day with its bills and totals by till; void bills are listed and count zero', async () => {
    await store(makeBill({ tillId: 'till-a' }));
    await store(makeBill({ tillId: 'till-b', createdAt: '2026-11-27T20:00:00Z' }));
    await store(makeBill({ tillId: 'till-b', status: 'void' }));
    await store(makeBill({ createdAt: '2026-11-28T12:00:00Z' })); // another day
    const answer = await relay.request('GET', '/api/v1/shifts/2026-11-27');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      date: '2026-11-27',
      total: 12_000,
      billCount: 3,
      byTill: { 'till-a': { total: 6000, billCount: 1 }, 'till-b': { total: 6000, billCount: 2 } },
    });
    expect(answer.body.bills).toHaveLength(3);
  });

  it('gives an empty day with zero totals', async () => {
    const answer = await relay.request('GET', '/api/v1/shifts/2026-01-01');
    expect(answer.body).toEqual({
      date: '2026-01-01',
      bills: [],
      total: 0,
      billCount: 0,
      byTill: {},
    });
  });

  it.each(['2026-02-30', '2026-13-01', '26-11-27', '2026-11-27x', '../2026-11-27'])(
    'answers 400 invalid_date for %s',
    async (date) => {
      const answer = await relay.request('GET', `/api/v1/shifts/${encodeURIComponent(date)}`);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'invalid_date', field: 'date' });
    },
  );
});

describe('GET /api/v1/shifts?from=&to=', () => {
  it('lists the days with bills in the range', async () => {
    await store(makeBill());
    await store(makeBill({ createdAt: '2026-11-29T12:00:00Z', items: [], total: 0 }));
    // A bill may be at most two days ahead of the relay's clock.
    relay.clock.now = new Date('2026-12-05T00:00:00Z');
    await store(makeBill({ createdAt: '2026-12-05T12:00:00Z' }));
    const answer = await relay.request('GET', '/api/v1/shifts?from=2026-11-01&to=2026-11-30');
    expect(answer.body).toEqual([
      { date: '2026-11-27', total: 6000, billCount: 1 },
      { date: '2026-11-29', total: 0, billCount: 1 },
    ]);
  });

  it('defaults to the 31 days up to today in the store zone', async () => {
    await store(makeBill({ createdAt: '2026-10-28T12:00:00Z' })); // 31st day back: included
    await store(makeBill({ createdAt: '2026-10-27T12:00:00Z' })); // 32nd: not
    const answer = await relay.request('GET', '/api/v1/shifts');
    expect(answer.body.map((day: { date: string }) => day.date)).toEqual(['2026-10-28']);
  });

  it.each([
    ['?from=2026-11-30&to=2026-11-01', 'invalid_range'],
    ['?from=2026-1-1&to=2026-11-01', 'invalid_date'],
    ['?from=2025-01-01&to=2026-11-01', 'range_too_large'],
    ['?from=2026-01-01&from=2026-01-02', 'invalid_date'],
  ])('answers 400 for %s (%s)', async (query, code) => {
    const answer = await relay.request('GET', `/api/v1/shifts${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe(code);
  });

  it(`accepts exactly ${MAX_SHIFT_RANGE_DAYS} days`, async () => {
    const answer = await relay.request('GET', '/api/v1/shifts?from=2024-01-01&to=2024-12-31');
    expect(answer.status).toBe(200);
  });
});
