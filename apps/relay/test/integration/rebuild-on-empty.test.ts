// The disk-loss drill: a relay syncing to DynamoDB (dynalite) loses its DATA_DIR in the middle of
// the day (SIGKILL, folder deleted) while the tills go on selling. A new relay on the empty
// folder restores the store's days from DynamoDB before it listens; the tills then upload what
// they hold (as their outbox does after any outage) and nothing is lost or counted twice.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, businessDay } from '@caja/models';
import { createDynamoClient } from '../../src/dynamo/client.js';

import { startDynamoRig, type DynamoRig } from './sync-support/dynamo-rig.js';
import {
  ADMIN_TOKEN,
  makeBill,
  requestJson,
  tempDir,
  type RunningRelay,
  type TestBill,
} from './relay-process.js';
import { startSyncedRelay, uploadBills, waitForSynced } from './sync-support/synced-relay.js';

const TABLE = 'caja_rebuild_test';
const STORE_ID = 'rebuild-store';
const ZONE = 'America/Bogota';

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

async function start(dataDir: string, extra?: Record<string, string>) {
  const relay = await startSyncedRelay(
    dataDir,
    { storeId: STORE_ID, table: TABLE, endpoint: dynamo.dynaliteEndpoint, zone: ZONE },
    { LOCAL_RETENTION_DAYS: '3', RECOVER_LOOKBACK_DAYS: '20', ...extra },
  );
  relays.push(relay);
  return relay;
}

function freshDir(): string {
  const dir = tempDir('caja-rebuild-');
  dirs.push(dir);
  return dir;
}

/** A bill of `daysAgo` (store time), numbered per till, at 10:00 + n minutes local (15:00Z). */
function sale(
  n: number,
  daysAgo: number,
  till: string,
  number: number,
): TestBill & { number: number } {
  const today = businessDay(new Date(), ZONE);
  const date = addDays(today, -daysAgo);
  // Today's bills: the last minutes before now, but never before today's 00:00 (Bogota is
  // UTC-5 all year), so a run just after midnight still has 30 of them today.
  const todayStart = Date.parse(`${today}T05:00:00Z`);
  const createdAt =
    daysAgo === 0
      ? new Date(Math.max(Date.now() - (1000 - n) * 1000, todayStart + n * 1000)).toISOString()
      : new Date(Date.parse(`${date}T15:00:00Z`) + n * 1000).toISOString();
  return { ...makeBill(`rb-${daysAgo}-${n}`, till, 1, createdAt, n), number };
}

async function shift(url: string, daysAgo: number) {
  const date = addDays(businessDay(new Date(), ZONE), -daysAgo);
  return (await requestJson(url, 'GET', `/api/v1/shifts/${date}`)).body;
}

describe('a relay that rebuilds itself from DynamoDB', () => {
  it('restores the window and unconfirmed days before listening; the tills re-upload the rest', async () => {
    const dataDir = freshDir();
    const first = await start(dataDir);
    // The tills' own records: everything they sold, as their outbox and history keep it.
    const held: TestBill[] = [];
    const numbers = new Map<string, number>();
    const next = (till: string) => {
      numbers.set(till, (numbers.get(till) ?? 0) + 1);
      return numbers.get(till)!;
    };
    for (const daysAgo of [15, 2, 1, 0])
      for (let n = 0; n < 30; n += 1) {
        const till = `till-${n % 3}`;
        held.push(sale(n, daysAgo, till, next(till)));
      }
    await uploadBills(first.url, held);
    // The owner closed the last two days, with a cash move: Z 1 and Z 2.
    const admin = { token: ADMIN_TOKEN };
    const [twoDaysAgo, yesterday] = [2, 1].map((n) => addDays(businessDay(new Date(), ZONE), -n));
    const float = await requestJson(first.url, 'POST', `/api/v1/days/${yesterday}/cash-moves`, {
      ...admin,
      body: { amount: 15_000, reason: 'opening float' },
    });
    expect(float.status).toBe(201);
    const zs = [];
    for (const date of [twoDaysAgo, yesterday]) {
      const close = await requestJson(first.url, 'POST', `/api/v1/days/${date}/close`, {
        ...admin,
        body: { countedCash: 0 },
      });
      expect(close.status).toBe(201);
      zs.push(close.body);
    }
    expect(zs.map((z) => z.zNumber)).toEqual([1, 2]);
    await waitForSynced(first.url);
    // The sync worker copied them: a Z item per closed day, the cash move, chain heads.
    const synced = await dynamo.scan(TABLE);
    const zItems = synced.filter((item) => item.sk === 'Z');
    expect(zItems.map((item) => item.zNumber).sort()).toEqual([1, 2]);
    expect(zItems.find((item) => item.zNumber === 2)).toMatchObject({
      ...zs[1],
      pk: `SHIFT#${STORE_ID}#${yesterday}`,
    });
    expect(synced.filter((item) => String(item.sk).startsWith('CASHMOVE#'))).toEqual([
      expect.objectContaining({ ...float.body, sk: `CASHMOVE#${float.body.id}` }),
    ]);
    const summary = synced.find(
      (item) => item.sk === 'SUMMARY' && item.pk === `SHIFT#${STORE_ID}#${yesterday}`,
    );
    expect(summary).toMatchObject({ chainLsn: expect.any(Number), chainHead: expect.any(String) });
    const before = new Map<number, { total: number; billCount: number }>();
    for (const daysAgo of [15, 2, 1]) before.set(daysAgo, await shift(first.url, daysAgo));

    // A day 12 days back whose bills reached DynamoDB but never its SUMMARY: never confirmed.
    const unconfirmedDate = addDays(businessDay(new Date(), ZONE), -12);
    const client = createDynamoClient({
      endpoint: dynamo.dynaliteEndpoint,
      useCredentialChain: false,
      requestTimeoutMs: 5000,
    });
    const orphan = sale(0, 12, 'till-7', 1);
    await client.send(
      new PutCommand({
        TableName: TABLE,
        Item: {
          ...orphan,
          kind: 'sale',
          status: 'closed',
          pk: `SHIFT#${STORE_ID}#${unconfirmedDate}`,
          sk: `BILL#${orphan.id}`,
        },
      }),
    );
    // The cloud reporter's items beside the relay's: restored days must not take them for bills.
    const yesterdayPk = `SHIFT#${STORE_ID}#${addDays(businessDay(new Date(), ZONE), -1)}`;
    for (const Item of [
      { pk: yesterdayPk, sk: 'AGGREGATE', aggregate: '{}', digest: 'x', billCount: 999 },
      { pk: 'AGGREGATE#DIRTY', sk: `${unconfirmedDate}#${STORE_ID}`, markedAt: 'now' },
    ])
      await client.send(new PutCommand({ TableName: TABLE, Item }));
    client.destroy();

    // More sales today, acknowledged by the relay but maybe not synced: then the disk is lost.
    const lateMorning = Array.from({ length: 20 }, (_, n) =>
      sale(100 + n, 0, `till-${n % 3}`, next(`till-${n % 3}`)),
    );
    await uploadBills(first.url, lateMorning);
    held.push(...lateMorning);
    expect((await first.kill('SIGKILL')).signal).toBe('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });

    // The tills go on selling while there is no relay.
    const offline = Array.from({ length: 15 }, (_, n) =>
      sale(200 + n, 0, `till-${n % 3}`, next(`till-${n % 3}`)),
    );
    held.push(...offline);

    const second = await start(dataDir);
    const log = second.output();
    const restoredLine = log.split('\n').find((line) => line.includes('restored'));
    expect(restoredLine, log).toBeDefined();
    // Restored before "listening on": no till could have written to a half-rebuilt relay.
    expect(log.indexOf(restoredLine!)).toBeLessThan(log.indexOf('listening on'));
    // Each till's highest restored number is known: the numbering continues after it.
    expect(restoredLine).toMatch(/highestNumbers="?[^"]*till-0:(\d+)/);
    const restoredHighest = Number(/till-0:(\d+)/.exec(restoredLine!)![1]);
    expect(restoredHighest).toBeGreaterThanOrEqual(40); // 4 days x 10 sales synced before the loss

    for (const daysAgo of [2, 1])
      expect(await shift(second.url, daysAgo)).toMatchObject(before.get(daysAgo)!);
    const unconfirmed = (await requestJson(second.url, 'GET', `/api/v1/shifts/${unconfirmedDate}`))
      .body;
    expect(unconfirmed.bills.map((bill: TestBill) => bill.id)).toEqual([orphan.id]);
    // Confirmed and older than the retention window: it stays in DynamoDB only.
    expect((await shift(second.url, 15)).billCount).toBe(0);
    const restoredToday = (await shift(second.url, 0)).billCount;
    expect(restoredToday).toBeGreaterThanOrEqual(30);

    // The Zs and cash moves came back: reprintable, and the numbering of Zs goes on.
    const reprint = await requestJson(second.url, 'GET', `/api/v1/days/${yesterday}/z`, admin);
    expect(reprint.status).toBe(200);
    expect({ ...reprint.body, lateBills: undefined, lateCashMoves: undefined }).toEqual({
      ...zs[1],
      lateBills: undefined,
      lateCashMoves: undefined,
    });
    const moves = await requestJson(
      second.url,
      'GET',
      `/api/v1/days/${yesterday}/cash-moves`,
      admin,
    );
    expect(moves.body).toMatchObject({ moves: [float.body] });

    // The tills upload everything they hold: what the relay has is a duplicate, the rest new.
    const heldToday = held.filter((bill) => bill.id.startsWith('rb-0-'));
    const statuses = await uploadBills(second.url, heldToday);
    expect(statuses.filter((status) => status === 201)).toHaveLength(
      heldToday.length - restoredToday,
    );
    expect(statuses.every((status) => status === 200 || status === 201)).toBe(true);
    const today = await shift(second.url, 0);
    expect(today.billCount).toBe(heldToday.length);
    expect(today.total).toBe(heldToday.reduce((sum, bill) => sum + bill.total, 0));

    // Each till's highest number, and no number counted missing for bills only the lost relay
    // had received (day 15 is not restored).
    const tills = await requestJson(second.url, 'GET', '/api/v1/admin/tills', admin);
    for (const [tillId, highest] of numbers)
      expect(tills.body.tills).toContainEqual(
        expect.objectContaining({ tillId, highestNumber: highest, missingNumbers: [] }),
      );
    const todayDate = businessDay(new Date(), ZONE);
    const nextZ = await requestJson(second.url, 'POST', `/api/v1/days/${todayDate}/close`, {
      ...admin,
      body: { countedCash: 0 },
    });
    expect(nextZ.status).toBe(201);
    expect(nextZ.body).toMatchObject({ zNumber: 3 });
    expect(nextZ.body.grandTotal).toBe(zs[1].grandTotal + nextZ.body.dayTotal);

    // And the rebuilt relay syncs on: DynamoDB ends with every bill of today, once.
    await waitForSynced(second.url);
    const todayPk = `SHIFT#${STORE_ID}#${businessDay(new Date(), ZONE)}`;
    const items = (await dynamo.scan(TABLE)).filter(
      (item) => item.pk === todayPk && String(item.sk).startsWith('BILL#'),
    );
    expect(items).toHaveLength(heldToday.length);
    expect((await second.kill('SIGTERM')).code).toBe(0);
  });

  it('RECOVER_ON_EMPTY=false starts empty', async () => {
    const relay = await start(freshDir(), { RECOVER_ON_EMPTY: 'false' });
    expect(relay.output()).not.toContain('restored');
    expect((await shift(relay.url, 1)).billCount).toBe(0);
    expect((await relay.kill('SIGTERM')).code).toBe(0);
  });
});
