// Z numbers and the grand total never start again: a shop whose last close is older than the
// rebuild's lookback (RECOVER_LOOKBACK_DAYS) loses its disk; the rebuilt relay finds that Z (the
// store's LASTZ item, or, in a table written before that item existed, a scan of its Z items)
// and its next Z follows it. Built relay, dynalite.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, businessDay } from '@caja/models';
import { createDynamoClient } from '../../src/dynamo/client.js';
import { startDynamoRig, type DynamoRig } from './sync-support/dynamo-rig.js';
import { ADMIN_TOKEN, makeBill, requestJson, tempDir, type RunningRelay } from './relay-process.js';
import { startSyncedRelay, uploadBills, waitForSynced } from './sync-support/synced-relay.js';

const TABLE = 'caja_last_z_test';
const ZONE = 'America/Bogota';
const admin = { token: ADMIN_TOKEN };

let dynamo: DynamoRig;
const relays: RunningRelay[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  dynamo = await startDynamoRig();
});
afterAll(async () => {
  for (const relay of relays) await relay.kill('SIGKILL');
  await dynamo.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function start(storeId: string, dataDir: string) {
  const relay = await startSyncedRelay(
    dataDir,
    { storeId, table: TABLE, endpoint: dynamo.dynaliteEndpoint, zone: ZONE },
    { LOCAL_RETENTION_DAYS: '3', RECOVER_LOOKBACK_DAYS: '20' },
  );
  relays.push(relay);
  return relay;
}

const daysAgo = (n: number) => addDays(businessDay(new Date(), ZONE), -n);

async function close(url: string, date: string) {
  const answer = await requestJson(url, 'POST', `/api/v1/days/${date}/close`, {
    ...admin,
    body: { countedCash: 0 },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

/** Sells and closes two days 90 and 80 days back, then loses the disk and starts again. */
async function closeLongAgoThenRebuild(storeId: string, beforeRebuild?: () => Promise<void>) {
  const dataDir = tempDir('caja-last-z-');
  dirs.push(dataDir);
  const first = await start(storeId, dataDir);
  const old = [90, 80].map((n) =>
    makeBill(`${storeId}-${n}`, 'till-1', 1, `${daysAgo(n)}T15:00:00.000Z`, n),
  );
  await uploadBills(first.url, old);
  const zs = [await close(first.url, daysAgo(90)), await close(first.url, daysAgo(80))];
  expect(zs.map((z) => z.zNumber)).toEqual([1, 2]);
  expect(zs[1].grandTotal).toBe(old[0]!.total + old[1]!.total);
  await waitForSynced(first.url);
  expect((await first.kill('SIGKILL')).signal).toBe('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  await beforeRebuild?.();

  const second = await start(storeId, dataDir);
  expect(second.output()).toContain('restored');
  const sale = makeBill(`${storeId}-today`, 'till-1', 1, new Date().toISOString(), 7);
  await uploadBills(second.url, [sale]);
  const next = await close(second.url, daysAgo(0));
  expect(next).toMatchObject({ zNumber: 3, dayTotal: sale.total });
  expect(next.grandTotal).toBe(zs[1].grandTotal + sale.total);
  // The newest Z before the loss is reprintable too.
  const reprint = await requestJson(second.url, 'GET', `/api/v1/days/${daysAgo(80)}/z`, admin);
  expect(reprint.body).toMatchObject({ zNumber: 2, grandTotal: zs[1].grandTotal });
  await waitForSynced(second.url);
  expect((await second.kill('SIGTERM')).code).toBe(0);
  return zs;
}

describe('a rebuilt relay whose last Z is older than the lookback', () => {
  it('continues the Z numbers and the grand total from the LASTZ item', async () => {
    await closeLongAgoThenRebuild('last-z-store');
    const items = await dynamo.scan(TABLE);
    expect(items.find((item) => item.pk === 'STORE#last-z-store')).toMatchObject({
      sk: 'LASTZ',
      zNumber: 3,
    });
  });

  it('finds it among the Z items when the table has no LASTZ item (written before it)', async () => {
    const storeId = 'no-last-z-store';
    await closeLongAgoThenRebuild(storeId, async () => {
      const client = createDynamoClient({
        endpoint: dynamo.dynaliteEndpoint,
        useCredentialChain: false,
        requestTimeoutMs: 5000,
      });
      await client.send(
        new DeleteCommand({ TableName: TABLE, Key: { pk: `STORE#${storeId}`, sk: 'LASTZ' } }),
      );
      client.destroy();
    });
  });
});
