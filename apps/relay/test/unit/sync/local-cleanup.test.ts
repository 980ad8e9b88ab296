import { afterEach, describe, expect, it } from 'vitest';
import { createSync, scheduleLocalCleanup, type Sync } from '../../../src/sync/index.js';
import { MemoryBillStore } from '../../../src/storage/index.js';
import { MemoryJournal, ZONE, makeBill, tempDir, testLogger } from './helpers.js';

let sync: Sync | undefined;
afterEach(async () => sync?.stop());

function disabledSync(store: MemoryBillStore) {
  return createSync({
    store,
    journal: new MemoryJournal(store),
    dataDir: tempDir(),
    timeZone: ZONE,
    logger: testLogger(),
    storeId: 'store-1',
    tableName: 'daily_shifts',
    endpoint: undefined,
    region: undefined,
    timeToSyncSeconds: 0,
    alertWebhookUrl: undefined,
    retry: { baseMs: 1, capMs: 1, attempts: 1 },
    breaker: { consecutiveFailures: 1, cooldownMs: 1 },
    batchSize: 10,
    concurrency: 1,
    requestTimeoutMs: 1000,
    checkIntervalSeconds: 60,
    env: {},
  });
}

describe('a sync made with TIME_TO_SYNC=0', () => {
  it('starts nothing, confirms nothing and keeps every bill pending', async () => {
    const store = new MemoryBillStore(ZONE);
    sync = disabledSync(store);
    await sync.start();
    const bill = makeBill();
    await store.putMany([bill]);
    expect(sync.status()).toMatchObject({ state: 'disabled', pendingBills: 1, lastError: null });
    expect(sync.billSyncState(bill.id)).toBe('pending');
    expect((await sync.syncNow()).ok).toBe(false);
    expect(sync.target()).toBeUndefined(); // disabled: no embedded store started
  });
});

describe('scheduleLocalCleanup', () => {
  it('runs the store cleanup with the sync confirmation as predicate', async () => {
    const calls: Array<{ retentionDays: number; today?: string; confirmed: boolean }> = [];
    const stop = scheduleLocalCleanup({
      store: {
        async cleanup(rules) {
          calls.push({ ...rules, confirmed: rules.isDayConfirmed('2026-11-01') });
          return { dropped: [], keptUnconfirmed: [] };
        },
      },
      sync: { isDayConfirmed: (date) => date === '2026-11-01' },
      timeToCleanSeconds: 0.02,
      retentionDays: 7,
      timeZone: ZONE,
      now: () => new Date('2026-11-28T02:00:00Z'),
      logger: testLogger(),
    });
    await expect.poll(() => calls.length).toBeGreaterThan(0);
    stop();
    expect(calls[0]).toMatchObject({ retentionDays: 7, today: '2026-11-27', confirmed: true });
  });
});
