// The relay's report and the cloud reporter's are the same: the built relay syncs random bills
// (sales, credit notes naming their sale, void bills, modified bills, a bill voided by a new
// version, a bill moved to another day) to dynalite; GET /api/v1/reports equals the reporter's
// Lambda handler for the store, for every `by`, read bill by bill and again from the recomputed
// AGGREGATE items. A closed day's Z and cash move items are no bills to the reporter, and the
// relay's sync and its day check go on unaffected by the reporter's items.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, businessDay, REPORT_DIMENSIONS, type Bill } from '@caja/models';
import { recomputeDay } from '../../../reporter/src/aggregates.js';
import { chainReport, type ReportSources } from '../../../reporter/src/chain-report.js';
import { handler } from '../../../reporter/src/handler.js';
import { connect, readSettings, type Connected } from '../../../reporter/src/settings.js';
import { modified, randomChain, seeded } from '../../../reporter/test/chain-fixture.js';
import { ADMIN_TOKEN, requestJson, sleep, tempDir, type RunningRelay } from './relay-process.js';
import { startDynamoRig, type DynamoRig } from './sync-support/dynamo-rig.js';
import { startSyncedRelay, uploadBills, waitForSynced } from './sync-support/synced-relay.js';

const TABLE = 'caja_cloud_report_test';
const STORE_ID = 'equal-store';
const ZONE = 'America/Bogota';
const today = businessDay(new Date(), ZONE);
const FROM = addDays(today, -6);
const CLOSED = addDays(today, -3);

let dynamo: DynamoRig;
let relay: RunningRelay;
let connected: Connected;
let dataDir: string;
const savedEnv = { ...process.env };

/** Version 1 of every bill, then the changes a till makes later (each one version up). */
function randomStore(): { first: Bill[]; changes: Bill[] } {
  const random = seeded(20261202);
  const first = randomChain(random, [STORE_ID], FROM, 7, 40).get(STORE_ID)!;
  const sales = first.filter((bill) => bill.kind === 'sale' && bill.status === 'closed');
  // Credit notes that name their sale (a refund of its first line).
  for (const [n, sale] of sales.slice(0, 6).entries()) {
    const line = sale.items[0]!;
    first.push({
      id: `${STORE_ID}-refund-${n}`,
      tillId: sale.tillId,
      version: 1,
      createdAt: sale.createdAt,
      items: [{ ...line, price: -line.price, quantity: 1 }],
      total: -line.price,
      kind: 'credit_note',
      status: 'closed',
      refundOf: sale.id,
      number: 100_000 + n,
    });
  }
  const changes: Bill[] = [
    ...sales.slice(6, 16).map(modified),
    ...sales.slice(16, 20).map((bill) => ({ ...bill, version: 2, status: 'void' as const })),
  ];
  // Moved to another day: its createdAt corrected by two days (its business day changes).
  const moved = sales[20]!;
  const createdAt = new Date(Date.parse(moved.createdAt) - 2 * 86_400_000).toISOString();
  changes.push({ ...moved, version: 2, createdAt });
  return { first, changes };
}

async function relayReport(by: string) {
  const answer = await requestJson(
    relay.url,
    'GET',
    `/api/v1/reports?from=${FROM}&to=${today}&by=${by}`,
    { token: ADMIN_TOKEN },
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

beforeAll(async () => {
  dynamo = await startDynamoRig();
  dataDir = tempDir('caja-cloud-report-');
  relay = await startSyncedRelay(
    dataDir,
    { storeId: STORE_ID, table: TABLE, endpoint: dynamo.dynaliteEndpoint, zone: ZONE },
    // The day check (local bills against DynamoDB) every second: it runs with AGGREGATEs present.
    { SYNC_CHECK_SECONDS: '1' },
  );
  const { first, changes } = randomStore();
  expect(new Set(await uploadBills(relay.url, first))).toEqual(new Set([201]));
  // A day closed with a cash move: its Z and CASHMOVE items sit beside the bills in DynamoDB.
  const admin = { token: ADMIN_TOKEN };
  const move = { ...admin, body: { amount: 50_000, reason: 'opening float' } };
  expect(
    (await requestJson(relay.url, 'POST', `/api/v1/days/${CLOSED}/cash-moves`, move)).status,
  ).toBe(201);
  const close = { ...admin, body: { countedCash: 0 } };
  expect((await requestJson(relay.url, 'POST', `/api/v1/days/${CLOSED}/close`, close)).status).toBe(
    201,
  );
  await waitForSynced(relay.url);
  const closedItems = (await dynamo.scan(TABLE)).filter(
    (item) => item.pk === `SHIFT#${STORE_ID}#${CLOSED}` && !String(item.sk).startsWith('BILL#'),
  );
  expect(closedItems.map((item) => String(item.sk).split('#')[0]).sort()).toEqual([
    'CASHMOVE',
    'SUMMARY',
    'Z',
  ]);
  expect(new Set(await uploadBills(relay.url, changes))).toEqual(new Set([200]));
  await waitForSynced(relay.url);
  // The reporter's settings, as the Lambda's environment gives them.
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: dynamo.dynaliteEndpoint,
    DYNAMODB_TABLE: TABLE,
    STORE_TIMEZONE: ZONE,
  });
  connected = connect(readSettings(process.env));
});
afterAll(async () => {
  process.env = savedEnv;
  connected?.close();
  await relay?.kill('SIGKILL');
  await dynamo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('relay and cloud reports', () => {
  it('the Lambda handler answers what GET /api/v1/reports answers, for every by', async () => {
    for (const by of REPORT_DIMENSIONS) {
      const local = await relayReport(by);
      expect(local.rows.length, by).toBeGreaterThan(0);
      const cloud = await handler({ storeIds: [STORE_ID], from: FROM, to: today, by });
      expect({ rows: cloud.rows, totals: cloud.totals }, by).toEqual({
        rows: local.rows,
        totals: local.totals,
      });
    }
  });

  it('stays equal from recomputed AGGREGATE items, which the relay ignores', async () => {
    for (let date = FROM; date <= today; date = addDays(date, 1))
      await recomputeDay(
        connected.table,
        { storeId: STORE_ID, date },
        { timeZone: ZONE, now: () => new Date() },
      );
    for (const by of REPORT_DIMENSIONS) {
      let sources: ReportSources | undefined;
      const cloud = await chainReport(
        connected.table,
        { storeIds: [STORE_ID], from: FROM, to: today, by, timeZone: ZONE },
        { concurrency: 4, onSources: (found) => (sources = found) },
      );
      expect(sources!.fromBills, by).toBe(0);
      const local = await relayReport(by);
      expect({ rows: cloud.rows, totals: cloud.totals }, by).toEqual({
        rows: local.rows,
        totals: local.totals,
      });
    }
    // Sync runs and their day checks (local bills against SUMMARY and bill items) with the
    // aggregates present: nothing to repair, no day unconfirmed.
    const logged = relay.output().length;
    await sleep(1500);
    await waitForSynced(relay.url);
    expect(relay.output().slice(logged)).not.toMatch(
      /no longer matches|does not know|stays unconfirmed/,
    );
    const health = await requestJson(relay.url, 'GET', '/api/v1/health', { token: null });
    expect(health.body.sync).toMatchObject({ state: 'ok', pendingBills: 0, lastError: null });
  });
});
