import { afterEach, describe, expect, it } from 'vitest';
import { StorageError } from '../../../src/storage/errors.js';
import { MemoryBillStore } from '../../../src/storage/index.js';
import { AlertLog } from '../../../src/sync/alerts.js';
import { disabledSync } from '../../../src/sync/index.js';
import { ADMIN_TOKEN, makeBill, startTestRelay, TIME_ZONE, type TestRelay } from './test-relay.js';

let relay: TestRelay;
afterEach(() => relay.close());

describe('GET /api/v1/health', () => {
  it('needs no token and reports storage and a disabled sync with the bills still pending', async () => {
    relay = await startTestRelay();
    const bill = makeBill();
    await relay.request('PUT', `/api/v1/bills/${bill.id}`, { body: bill });
    const answer = await relay.request('GET', '/api/v1/health', { token: null });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      status: 'ok',
      storage: { state: 'ok' },
      sync: {
        state: 'disabled',
        pendingBills: 1,
        lagSeconds: null,
        lastSuccessAt: null,
        lastError: null,
        deadLetters: 0,
        conflicts: 0,
        otherWriter: null,
      },
      tills: { state: 'ok', missingNumbers: [], unsentBills: [] },
    });
  });

  it.each([
    ['DynamoDB refused a bill for good (a dead letter needs a person)', { deadLetters: 1 }],
    ['DynamoDB holds other content at a bill version (a conflict)', { conflicts: 1 }],
    ['another relay writes the same store', { otherWriter: 'f00 (SUMMARY of 2026-11-25)' }],
  ])('is degraded when %s', async (_case, trouble) => {
    const sync = disabledSync(() => 0);
    const ok = { ...sync.status(), state: 'ok' as const };
    relay = await startTestRelay({ sync: { ...sync, status: () => ({ ...ok, ...trouble }) } });
    const answer = await relay.request('GET', '/api/v1/health', { token: null });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('degraded');
    expect(answer.body.sync).toMatchObject(trouble);
  });

  it('is degraded, not failed, when storage reports trouble', async () => {
    relay = await startTestRelay({ storageHealth: () => ({ state: 'failed' }) });
    const answer = await relay.request('GET', '/api/v1/health', { token: null });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('degraded');
  });
});

describe('GET /metrics', () => {
  it('exposes bill outcomes, request counts and latency, and pending bills in Prometheus text', async () => {
    relay = await startTestRelay();
    const bill = makeBill();
    await relay.request('PUT', `/api/v1/bills/${bill.id}`, { body: bill });
    await relay.request('PUT', `/api/v1/bills/${bill.id}`, { body: bill });
    await relay.request('PUT', `/api/v1/bills/${bill.id}`, { body: { ...bill, total: 1 } });
    const answer = await relay.request('GET', '/metrics', { token: null });
    expect(answer.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = answer.text;
    expect(text).toContain('caja_bills_total{outcome="created"} 1');
    expect(text).toContain('caja_bills_total{outcome="duplicate"} 1');
    expect(text).toContain('caja_bills_total{outcome="rejected"} 1');
    expect(text).toContain(
      'caja_http_requests_total{method="PUT",route="/api/v1/bills/:id",status="201"} 1',
    );
    expect(text).toMatch(
      /caja_http_request_duration_seconds_count\{method="PUT",route="\/api\/v1\/bills\/:id"\} 3/,
    );
    expect(text).toContain('caja_sync_pending_bills 1');
    expect(text).toContain('# TYPE caja_http_request_duration_seconds histogram');
  });
});

describe('POST /api/v1/sync', () => {
  it('tells the admin that sync is disabled; refuses other tokens', async () => {
    relay = await startTestRelay();
    const answer = await relay.request('POST', '/api/v1/sync', { token: ADMIN_TOKEN });
    expect(answer.status).toBe(501);
    expect(answer.body.error.code).toBe('sync_not_configured');
    expect(answer.body.error.message).toMatch(/DynamoDB sync is disabled \(TIME_TO_SYNC=0\)/);
    expect((await relay.request('POST', '/api/v1/sync')).status).toBe(403);
  });
});

describe('failures inside the relay', () => {
  class FailingStore extends MemoryBillStore {
    constructor(private readonly error: Error) {
      super(TIME_ZONE);
    }
    override async putMany(): Promise<never> {
      throw this.error;
    }
  }

  it('answers 500 in JSON without stack or detail, logs one line without secrets, keeps serving', async () => {
    const error = new Error('disk on fire at /secret/path');
    relay = await startTestRelay({ store: new FailingStore(error) });
    const bill = makeBill();
    const answer = await relay.request('PUT', `/api/v1/bills/${bill.id}`, { body: bill });
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({
      error: { code: 'internal_error', message: expect.any(String), field: '' },
    });
    expect(answer.text).not.toContain('/secret/path');
    expect(answer.text).not.toMatch(/at .*\.ts/);
    const logged = relay.logger.lines.filter((line) => line.includes('request failed'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).not.toContain('\n');
    expect((await relay.request('GET', '/api/v1/health', { token: null })).status).toBe(200);
  });

  it('answers 503 storage_unavailable when the store cannot write', async () => {
    relay = await startTestRelay({
      store: new FailingStore(new StorageError('WRITE_FAILED', 'ENOSPC')),
    });
    const bill = makeBill();
    const answer = await relay.request('PUT', `/api/v1/bills/${bill.id}`, { body: bill });
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('storage_unavailable');
  });
});

describe('shutdown', () => {
  it('answers 503 shutting_down and closes the connection once shutdown has begun', async () => {
    relay = await startTestRelay();
    relay.relay.beginShutdown();
    const answer = await relay.request('GET', '/api/v1/health', { token: null });
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('shutting_down');
    expect(answer.headers.get('connection')).toBe('close');
  });
});

describe('GET /api/v1/alerts', () => {
  const sent = [
    {
      event: 'sync.state',
      at: '2026-11-27T20:00:00.000Z',
      state: 'retrying',
      lastError: 'timeout',
    },
    {
      event: 'sync.dead-letter',
      at: '2026-11-27T20:01:00.000Z',
      billId: 'b-9',
      date: '2026-11-27',
    },
    { event: 'sync.state', at: '2026-11-27T20:02:00.000Z', state: 'ok', lastError: null },
  ];
  async function relayWithAlerts() {
    const log = new AlertLog({ send: async () => {} });
    for (const payload of sent) await log.send(payload);
    const sync = disabledSync(() => 0);
    return startTestRelay({ sync: { ...sync, recentAlerts: () => log.recent() } });
  }

  it('lists the sync alerts newest first with time, code and message; admin only', async () => {
    relay = await relayWithAlerts();
    const answer = await relay.request('GET', '/api/v1/alerts', { token: ADMIN_TOKEN });
    expect(answer.status).toBe(200);
    expect(answer.body.alerts).toEqual([
      {
        at: '2026-11-27T20:02:00.000Z',
        code: 'sync_recovered',
        message: 'DynamoDB sync recovered.',
      },
      {
        at: '2026-11-27T20:01:00.000Z',
        code: 'dead_letter',
        message: 'DynamoDB refused bill b-9 for good; it stays on the relay.',
        billId: 'b-9',
        date: '2026-11-27',
      },
      {
        at: '2026-11-27T20:00:00.000Z',
        code: 'sync_retrying',
        message: 'DynamoDB sync is retrying: timeout',
      },
    ]);
    const two = await relay.request('GET', '/api/v1/alerts?limit=2', { token: ADMIN_TOKEN });
    expect(two.body.alerts.map((alert: { code: string }) => alert.code)).toEqual([
      'sync_recovered',
      'dead_letter',
    ]);
    expect((await relay.request('GET', '/api/v1/alerts')).status).toBe(403);
  });

  it.each(['0', '101', 'many', '1.5'])(
    'refuses limit=%s with a message naming the field',
    async (limit) => {
      relay = await relayWithAlerts();
      const answer = await relay.request('GET', `/api/v1/alerts?limit=${limit}`, {
        token: ADMIN_TOKEN,
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'invalid_limit', field: 'limit' });
      expect(answer.body.error.message).toContain('1 to 100');
    },
  );

  it('keeps only the most recent alerts', async () => {
    const log = new AlertLog({ send: async () => {} }, 3);
    for (let minute = 0; minute < 5; minute += 1)
      await log.send({
        event: 'sync.conflict',
        at: `2026-11-27T20:0${minute}:00.000Z`,
        billId: `b${minute}`,
      });
    expect(log.recent().map((alert) => alert.billId)).toEqual(['b2', 'b3', 'b4']);
  });
});

describe('GET /api/v1/admin/money-places', () => {
  it("splits a day's bills and money into in DynamoDB and not yet, and sums what waits over every day", async () => {
    const synced = new Set<string>();
    const sync = disabledSync(() => 0);
    relay = await startTestRelay({
      sync: {
        ...sync,
        billSyncState: (id) => (synced.has(id) ? 'synced' : 'pending'),
        isDayConfirmed: () => false,
      },
    });
    const day = '2026-11-27';
    const earlier = makeBill({ createdAt: '2026-11-25T15:00:00.000Z' });
    const first = makeBill();
    const second = makeBill({ items: [{ id: 'SKU-3', price: 700, quantity: 1 }], total: 700 });
    const voided = makeBill({ status: 'void' });
    for (const bill of [earlier, first, second, voided])
      expect((await relay.request('PUT', `/api/v1/bills/${bill.id}`, { body: bill })).status).toBe(
        201,
      );
    synced.add(String(first.id));

    const answer = await relay.request('GET', `/api/v1/admin/money-places?date=${day}`, {
      token: ADMIN_TOKEN,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      date: day,
      atRelay: { bills: 3, total: 6700 },
      inCloud: { bills: 1, total: 6000 },
      // The void bill waits too, and adds zero.
      notInCloud: { bills: 2, total: 700 },
      allDaysNotInCloud: { bills: 3, total: 6700, oldestDate: '2026-11-25' },
    });
    const shift = await relay.request('GET', `/api/v1/shifts/${day}`);
    expect(answer.body.atRelay).toEqual({ bills: shift.body.billCount, total: shift.body.total });

    const bad = await relay.request('GET', '/api/v1/admin/money-places?date=2026-02-30', {
      token: ADMIN_TOKEN,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('date');
    expect((await relay.request('GET', '/api/v1/admin/money-places')).status).toBe(403);
  });
});
