// The sync engine against the real DynamoDB API (dynalite): layout, table creation, conditional
// writes, the cursor across restarts, dead letters, recovery, and the embedded default.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from '../../src/dynamo/client.js';
import { MemoryBillStore } from '../../src/storage/index.js';
import { dayDigest, recoverFromDynamo } from '../../src/sync/index.js';
import { ZONE, makeBill, revise, testLogger } from '../unit/sync/helpers.js';
import { startDynamoRig, type DynamoRig } from './sync-support/dynamo-rig.js';
import { TABLE, startSyncRig, waitFor, type SyncRig } from './sync-support/sync-rig.js';

/** Runs only on syncNow(), so each test can count what one run did. */
const MANUAL = { timeToSyncSeconds: 3600, firstRunDelayMs: 3_600_000 };

let dynamo: DynamoRig;
let rig: SyncRig | undefined;
beforeEach(async () => {
  dynamo = await startDynamoRig();
});
afterEach(async () => {
  await rig?.sync.stop();
  rig = undefined;
  await dynamo.close();
});

describe('sync into dynalite', () => {
  it('creates the table and writes the contract layout: a bill item each, a SUMMARY a day', async () => {
    rig = await startSyncRig(dynamo, MANUAL);
    const bills = [makeBill(), makeBill({ status: 'void' }), makeBill()];
    await rig.store.putMany(bills);
    await rig.store.putMany([revise(bills[0]!, 3)]);

    const result = await rig.sync.syncNow();
    expect(result).toMatchObject({ ok: true, written: 3 });

    const client = createDynamoClient({
      endpoint: dynamo.dynaliteEndpoint,
      useCredentialChain: false,
      requestTimeoutMs: 5000,
    });
    const { Table } = await client.send(new DescribeTableCommand({ TableName: TABLE }));
    client.destroy();
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');

    const items = await dynamo.scan(TABLE);
    const first = items.find((item) => item.sk === `BILL#${bills[0]!.id}`);
    expect(first).toEqual({
      ...revise(bills[0]!, 3),
      pk: 'SHIFT#store-1#2026-11-25',
      sk: `BILL#${bills[0]!.id}`,
      syncedAt: expect.any(String),
    });
    const current = bills.map((bill) => rig!.store.get(bill.id)!.bill);
    const summary = items.find((item) => item.sk === 'SUMMARY');
    expect(summary).toMatchObject({
      pk: 'SHIFT#store-1#2026-11-25',
      total: 2500 * 3 + 0 + 5000, // bill 0 revised to quantity 3, bill 1 void, bill 2 as made
      billCount: 3,
      digest: dayDigest(current),
      updatedAt: expect.any(String),
    });
  });

  it('keeps the cursor across a restart: synced bills are not written again', async () => {
    rig = await startSyncRig(dynamo, MANUAL);
    await rig.store.putMany(Array.from({ length: 30 }, () => makeBill()));
    await rig.sync.syncNow();
    const lsn = rig.sync.confirmedLsn();
    expect(lsn).toBe(30);

    await rig.store.putMany([makeBill(), makeBill()]);
    dynamo.proxy.resetCounts();
    await rig.restart();
    expect(rig.sync.confirmedLsn()).toBe(30);
    expect(rig.sync.status().pendingBills).toBe(2);
    await rig.sync.syncNow();

    expect(dynamo.proxy.counts.byOperation.PutItem?.requests).toBe(2 + 1); // 2 bills + SUMMARY
    expect((await dynamo.scan(TABLE)).filter((item) => item.sk !== 'SUMMARY')).toHaveLength(32);
  });

  it('never lets an older version overwrite a newer one, and counts the refusal as synced', async () => {
    rig = await startSyncRig(dynamo, MANUAL);
    const bill = makeBill();
    await rig.store.putMany([bill]);
    await rig.store.putMany([revise(bill, 2)]);
    await rig.sync.syncNow();
    // Replay the old version directly, as a restarted relay with a lost cursor would.
    const { DynamoBillTable } = await import('../../src/dynamo/dynamo-table.js');
    const client = createDynamoClient({
      endpoint: dynamo.dynaliteEndpoint,
      useCredentialChain: false,
      requestTimeoutMs: 5000,
    });
    const table = new DynamoBillTable(client, TABLE, 'store-1');
    expect(await table.putBill('2026-11-25', bill, 'replay')).toBe('already-current');
    expect(await table.putBill('2026-11-25', revise(bill, 2), 'replay')).toBe('already-current');
    client.destroy();
    const items = await dynamo.scan(TABLE);
    expect(items.find((item) => item.id === bill.id)?.version).toBe(2);
  });

  it('dead-letters a bill DynamoDB refuses (item too large) and syncs the rest', async () => {
    rig = await startSyncRig(dynamo, MANUAL);
    const huge = makeBill({
      items: [{ id: 'SKU-1', name: 'x'.repeat(420_000), price: 1, quantity: 1 }],
      total: 1,
    });
    await rig.store.putMany([makeBill(), huge, makeBill()]);
    const result = await rig.sync.syncNow();

    expect(result).toMatchObject({ ok: true, written: 2, deadLettered: 1 });
    expect(rig.sync.billSyncState(huge.id)).toBe('dead-letter');
    expect(rig.sync.deadLetters()[0]).toMatchObject({ id: huge.id, code: 'rejected' });
    expect(rig.sync.deadLetters()[0]!.message).toMatch(/size/i);
    expect(rig.sync.status()).toMatchObject({ state: 'ok', deadLetters: 1, pendingBills: 0 });
    expect(rig.sync.isDayConfirmed('2026-11-25')).toBe(false);
  });

  it('confirms a past day after reading it back, and recovers it into an empty store', async () => {
    rig = await startSyncRig(dynamo, MANUAL);
    const bills = Array.from({ length: 120 }, (_, i) =>
      makeBill({ createdAt: `2026-11-2${4 + (i % 2)}T15:00:00Z` }),
    );
    await rig.store.putMany(bills);
    await rig.sync.syncNow();
    expect(rig.sync.isDayConfirmed('2026-11-24')).toBe(true);
    expect(rig.sync.isDayConfirmed('2026-11-25')).toBe(true);

    const fresh = new MemoryBillStore(ZONE);
    const recovered = await recoverFromDynamo({
      store: fresh,
      dataDir: rig.dataDir + '-recovered',
      from: '2026-11-23',
      to: '2026-11-25',
      settings: {
        storeId: 'store-1',
        tableName: TABLE,
        endpoint: dynamo.proxy.endpoint,
        region: undefined,
        env: {},
        requestTimeoutMs: 2000,
        retry: { baseMs: 10, capMs: 100, attempts: 3 },
      },
      logger: testLogger(),
    });
    expect(recovered).toMatchObject({ days: 3, daysWithBills: 2, bills: 120, skipped: [] });
    for (const date of ['2026-11-24', '2026-11-25'])
      expect(fresh.shift(date)).toEqual(rig.store.shift(date));
  });
});

describe('embedded default', () => {
  it('runs dynalite under DATA_DIR/dynamodb when no endpoint or credentials are set', async () => {
    rig = await startSyncRig(undefined, { endpoint: undefined, env: {} });
    expect(rig.sync.target()?.kind).toBe('embedded');
    expect(rig.logger.lines.some((line) => line.includes('embedded DynamoDB'))).toBe(true);
    await rig.store.putMany([makeBill(), makeBill()]);
    await waitFor('the scheduled sync', () => rig!.sync.status().pendingBills === 0);
    expect(existsSync(join(rig.dataDir, 'dynamodb'))).toBe(true);

    // The data survives a restart of the embedded store (LevelDB on disk).
    await rig.restart();
    const result = await rig.sync.syncNow();
    expect(result.ok).toBe(true);
    expect(rig.sync.isDayConfirmed('2026-11-25')).toBe(true);
  });
});
