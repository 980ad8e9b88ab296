// The disk refuses writes (full, read-only, EIO): health says degraded with a reason code,
// bill writes answer 503 storage_unavailable with Retry-After (never 500) and store nothing,
// and everything works again once the disk does, without a restart.
import { disabledSync } from '../../../src/sync/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { storageHealth } from '../../../src/storage/index.js';
import type { DurableBillStore } from '../../../src/storage/index.js';
import { FaultyFs, openTestStore, tempDir } from '../storage/helpers.js';
import { ADMIN_TOKEN, makeBill, startTestRelay, type TestRelay } from './test-relay.js';

let relay: TestRelay | undefined;
let store: DurableBillStore | undefined;
afterEach(async () => {
  await relay?.close();
  await store?.close().catch(() => undefined);
  relay = undefined;
  store = undefined;
});

async function relayOnFaultyDisk() {
  const fs = new FaultyFs();
  store = await openTestStore(tempDir('caja-faults-'), { fs });
  const durable = store;
  relay = await startTestRelay({ store: durable, storageHealth: () => storageHealth(durable) });
  return { fs, relay };
}

const put = (bill: Record<string, unknown>) =>
  relay!.request('PUT', `/api/v1/bills/${String(bill.id)}`, { body: bill });

describe.each([
  ['ENOSPC', 'disk_full'],
  ['EROFS', 'read_only'],
  ['EIO', 'io_error'],
])('a journal write failing with %s', (code, reason) => {
  it(`answers 503 with Retry-After, makes health degraded (${reason}), then recovers`, async () => {
    const { fs } = await relayOnFaultyDisk();
    expect((await put(makeBill())).status).toBe(201);

    fs.failNext('write', code);
    // A read-only disk refuses the cut back too: nothing was written, so that is fine.
    if (code === 'EROFS') fs.failNext('truncate', code);
    const refused = makeBill();
    const answer = await put(refused);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('10');
    expect(answer.body.error.code).toBe('storage_unavailable');
    expect(relay!.store.get(String(refused.id))).toBeUndefined();

    const health = await relay!.request('GET', '/api/v1/health', { token: null });
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('degraded');
    expect(health.body.storage).toMatchObject({ state: 'degraded', reason });
    // Without a token: the code only, never the system's message (it may hold paths).
    expect(health.body.storage.detail).toBeUndefined();
    expect(health.text).not.toContain('injected');
    const admin = await relay!.request('GET', '/api/v1/health', { token: ADMIN_TOKEN });
    expect(admin.body.storage.detail).toContain(code);

    // The disk works again: the till's retry is stored and health is ok.
    expect((await put(refused)).status).toBe(201);
    const healed = await relay!.request('GET', '/api/v1/health', { token: null });
    expect(healed.body.storage.state).toBe('ok');
    expect(healed.body.status).toBe('ok');
  });
});

describe('a raw disk error reaching the HTTP edge', () => {
  it('is a 503 storage_unavailable, not a 500', async () => {
    const failing = Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
    relay = await startTestRelay();
    relay.store.putMany = () => Promise.reject(failing);
    const answer = await put(makeBill());
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('storage_unavailable');
  });
});

describe('health without a token', () => {
  it('shows the sync error as a code only; admins see the text', async () => {
    const lastError =
      'ResourceNotFoundException: Requested resource not found: ' +
      'arn:aws:dynamodb:eu-west-1:123456789012:table/daily_shifts';
    const sync = disabledSync(() => 3);
    const retrying = { ...sync.status(), state: 'retrying' as const, lagSeconds: 12, lastError };
    relay = await startTestRelay({ sync: { ...sync, status: () => retrying } });
    const open = await relay.request('GET', '/api/v1/health', { token: null });
    expect(open.body.sync.lastError).toBe('ResourceNotFoundException');
    expect(open.text).not.toMatch(/arn:aws|123456789012|eu-west-1/);
    const admin = await relay.request('GET', '/api/v1/health', { token: ADMIN_TOKEN });
    expect(admin.body.sync.lastError).toBe(lastError);
  });
});
