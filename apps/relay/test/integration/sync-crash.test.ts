// The built relay syncing to DynamoDB (dynalite behind the fault proxy) is killed with SIGKILL in
// the middle of a sync run, with writes still on the wire, then restarted. Every acknowledged
// bill must end in the table exactly once, at its latest acknowledged version, and each day's
// SUMMARY must match the relay's own totals.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoRig, type DynamoRig } from './sync-support/dynamo-rig.js';
import { PASS } from './sync-support/fault-proxy.js';
import { waitFor } from './sync-support/sync-rig.js';
import { syncedRelayEnv, uploadBills } from './sync-support/synced-relay.js';
import {
  ADMIN_TOKEN,
  makeBill,
  requestJson,
  startRelay,
  tempDir,
  type RunningRelay,
  type TestBill,
} from './relay-process.js';

const TABLE = 'caja_crash_test';
const STORE_ID = 'crash-store';
const CREATED_AT = ['2026-11-26T15:00:00.000Z', '2026-11-27T15:00:00.000Z'];

let dynamo: DynamoRig;
let relay: RunningRelay | undefined;
const dataDir = tempDir('caja-sync-crash-');

beforeAll(async () => {
  dynamo = await startDynamoRig();
});
afterAll(async () => {
  await relay?.kill('SIGKILL');
  await dynamo.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function env(): Record<string, string> {
  return syncedRelayEnv(
    dataDir,
    { storeId: STORE_ID, table: TABLE, endpoint: dynamo.proxy.endpoint },
    {
      SYNC_BATCH_SIZE: '20',
      SYNC_CONCURRENCY: '4',
      SYNC_BREAKER_COOLDOWN_MS: '500',
      SYNC_REQUEST_TIMEOUT_MS: '2000',
    },
  );
}

describe('SIGKILL in the middle of a sync run', () => {
  it('ends with every acknowledged bill in DynamoDB exactly once, at its latest version', async () => {
    // Each PutItem spends 15 ms on the wire and still arrives if the relay dies meanwhile.
    dynamo.proxy.rule = ({ operation }) =>
      operation === 'PutItem' ? { kind: 'delay', ms: 15, deliverAnyway: true } : PASS;
    relay = await startRelay(env());
    const latest = new Map<string, TestBill>();
    const first = Array.from({ length: 400 }, (_, i) =>
      makeBill(`crash-${i}`, `till-${i % 5}`, 1, CREATED_AT[i % 2]!, i),
    );
    await uploadBills(relay.url, first);
    for (const bill of first) latest.set(bill.id, bill);

    // Kill once the sync run is well under way, but far from done.
    await waitFor(
      'the sync run to be under way',
      async () => {
        return (dynamo.proxy.counts.byOperation.PutItem?.requests ?? 0) >= 80;
      },
      60_000,
    );
    const putsAtKill = dynamo.proxy.counts.byOperation.PutItem?.requests ?? 0;
    const { signal } = await relay.kill('SIGKILL');
    expect(signal).toBe('SIGKILL');
    expect(putsAtKill).toBeLessThan(400);

    relay = await startRelay(env());
    // Newer versions of some bills, and new bills, after the restart.
    const revised = first
      .slice(0, 60)
      .map((bill, i) => makeBill(bill.id, bill.tillId, 2, bill.createdAt, 1000 + i));
    const more = Array.from({ length: 40 }, (_, i) =>
      makeBill(`crash-late-${i}`, 'till-9', 1, CREATED_AT[i % 2]!, 2000 + i),
    );
    await uploadBills(relay.url, [...revised, ...more]);
    for (const bill of [...revised, ...more]) latest.set(bill.id, bill);

    await waitFor(
      'the relay to report everything synced',
      async () => {
        const health = await requestJson(relay!.url, 'GET', '/api/v1/health', { token: null });
        return health.body?.sync?.pendingBills === 0 && health.body?.sync?.state === 'ok';
      },
      60_000,
    );
    // pendingBills reaches 0 inside a run, before its SUMMARY writes; POST /api/v1/sync answers
    // after a complete run that started once everything was in.
    const synced = await requestJson(relay.url, 'POST', '/api/v1/sync', { token: ADMIN_TOKEN });
    expect(synced.status).toBe(200);

    const items = await dynamo.scan(TABLE);
    const billItems = items.filter((item) => String(item.sk).startsWith('BILL#'));
    expect(billItems).toHaveLength(latest.size);
    const seen = new Set<string>();
    for (const item of billItems) {
      const id = item.id as string;
      expect(seen.has(id)).toBe(false);
      seen.add(id);
      const expected = latest.get(id)!;
      expect(item).toMatchObject({
        id: expected.id,
        version: expected.version,
        total: expected.total,
        items: expected.items,
      });
      expect(item.pk).toMatch(new RegExp(`^SHIFT#${STORE_ID}#2026-11-2[67]$`));
    }
    for (const date of ['2026-11-26', '2026-11-27']) {
      const shift = await requestJson(relay.url, 'GET', `/api/v1/shifts/${date}`);
      const summary = items.find(
        (item) => item.pk === `SHIFT#${STORE_ID}#${date}` && item.sk === 'SUMMARY',
      );
      expect(summary).toMatchObject({ total: shift.body.total, billCount: shift.body.billCount });
    }
    const { code } = await relay.kill('SIGTERM');
    expect(code).toBe(0);
    relay = undefined;
  });
});
