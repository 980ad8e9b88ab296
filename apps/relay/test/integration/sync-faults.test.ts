// Sync through a fault-injecting proxy into dynalite: an outage of many sync periods, 30 %
// failed requests, answers slower than the SDK's timeout, and a bill modified while its older
// version is on the wire. Whatever happens, every bill ends in DynamoDB exactly once, at its
// latest version, and bill intake never waits for DynamoDB.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bill } from '@caja/models';
import { dayDigest } from '../../src/sync/index.js';
import { makeBill, revise } from '../unit/sync/helpers.js';
import { startDynamoRig, type DynamoRig } from './sync-support/dynamo-rig.js';
import {
  PASS,
  SERVER_ERROR,
  THROTTLED,
  seededRandom,
  type FaultAction,
} from './sync-support/fault-proxy.js';
import { TABLE, startSyncRig, waitFor, type SyncRig } from './sync-support/sync-rig.js';

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

/** Asserts DynamoDB holds exactly the store's bills, each once at its latest version. */
async function expectTableEqualsStore(r: SyncRig, bills: Iterable<Bill>): Promise<void> {
  const items = await dynamo.scan(TABLE);
  const billItems = items.filter((item) => String(item.sk).startsWith('BILL#'));
  const latest = [...new Set([...bills].map((bill) => bill.id))].map((id) => r.store.get(id)!);
  expect(billItems).toHaveLength(latest.length);
  const remote = new Map(billItems.map((item) => [item.id as string, item]));
  for (const { bill, shiftDate } of latest) {
    const item = remote.get(bill.id);
    expect(item?.version).toBe(bill.version);
    expect(item?.total).toBe(bill.total);
    expect(item?.pk).toBe(`SHIFT#store-1#${shiftDate}`);
  }
  for (const date of new Set(latest.map((stored) => stored.shiftDate))) {
    const summary = items.find(
      (item) => item.pk === `SHIFT#store-1#${date}` && item.sk === 'SUMMARY',
    );
    const shift = r.store.shift(date);
    expect(summary).toMatchObject({
      billCount: shift.billCount,
      total: shift.total,
      digest: dayDigest(shift.bills),
    });
  }
}

/** Adds `count` bills (and revises a few earlier ones); resolves when the store acknowledged. */
async function trade(r: SyncRig, all: Bill[], count: number): Promise<void> {
  const fresh = Array.from({ length: count }, (_, i) =>
    makeBill({ createdAt: `2026-11-2${4 + (i % 3)}T15:00:00Z` }),
  );
  const revisions = all.slice(-3).map((bill) => revise(r.store.get(bill.id)!.bill, 2));
  // Intake never waits for DynamoDB: the store acknowledges whatever state the sync is in.
  const results = await r.store.putMany([...fresh, ...revisions]);
  expect(results.every((result) => result.ok)).toBe(true);
  all.push(...fresh);
}

describe('sync under faults', () => {
  it('rides out an outage of many sync periods while bills keep arriving, then catches up', async () => {
    rig = await startSyncRig(dynamo, {
      timeToSyncSeconds: 0.1,
      breaker: { consecutiveFailures: 4, cooldownMs: 250 },
    });
    const all: Bill[] = [];
    await trade(rig, all, 20);
    await waitFor('the first sync', () => rig!.sync.status().pendingBills === 0);

    await dynamo.proxy.refuse();
    const seen = new Set<string>();
    // About 20 sync periods of outage; bills keep arriving.
    for (let round = 0; round < 20; round++) {
      await trade(rig, all, 10);
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen.add(rig.sync.status().state);
    }
    const during = rig.sync.status();
    expect(seen.has('circuit-open')).toBe(true);
    expect(during.pendingBills).toBeGreaterThanOrEqual(200);
    expect(during.lastError).toMatch(/ECONNREFUSED|unavailable/);
    expect(during.lagSeconds).toBeGreaterThanOrEqual(1);
    expect(rig.sync.metrics().state).toMatch(/^(retrying|circuit-open)$/);

    await dynamo.proxy.accept();
    await waitFor('catching up after the outage', () => {
      const status = rig!.sync.status();
      return status.pendingBills === 0 && status.state === 'ok';
    });
    // pendingBills reaches 0 inside a run, before its SUMMARY writes: let that run finish.
    expect((await rig.sync.syncNow()).ok).toBe(true);
    await expectTableEqualsStore(rig, all);
    const changes = rig.logger.lines.filter((line) => /retrying|circuit open|recovered/.test(line));
    expect(changes.length).toBeGreaterThanOrEqual(2);
    expect(rig.sync.status().lastSuccessAt).not.toBeNull();
    // The same changes are kept for the back office (GET /api/v1/alerts), in order.
    const codes = rig.sync.recentAlerts().map((alert) => alert.code);
    expect(codes).toContain('sync_paused');
    expect(codes.at(-1)).toBe('sync_recovered');
    expect(rig.sync.recentAlerts().find((a) => a.code === 'sync_paused')?.message).toMatch(
      /^DynamoDB sync paused after repeated failures: /,
    );
  });

  it('gets every bill through when 30 % of requests fail with 500s and throttling', async () => {
    const random = seededRandom(42);
    dynamo.proxy.rule = () => {
      const draw = random();
      if (draw < 0.15) return SERVER_ERROR;
      if (draw < 0.3) return THROTTLED;
      return PASS;
    };
    rig = await startSyncRig(dynamo, {
      timeToSyncSeconds: 0.1,
      retry: { baseMs: 5, capMs: 50, attempts: 4 },
      // Random failures rarely line up 8 in a row; the breaker should not be needed here.
      breaker: { consecutiveFailures: 8, cooldownMs: 200 },
    });
    const all: Bill[] = [];
    for (let round = 0; round < 5; round++) await trade(rig, all, 60);
    await waitFor('every bill through the failures', () => rig!.sync.status().pendingBills === 0);
    // Settle a last run so SUMMARY items reflect the final state.
    await waitFor('a clean run', async () => (await rig!.sync.syncNow()).ok);

    await expectTableEqualsStore(rig, all);
    expect(rig.sync.metrics().counters.retries).toBeGreaterThan(0);
    expect(dynamo.proxy.counts.requests).toBeGreaterThan(all.length); // retries happened
  });

  it('survives answers slower than the SDK timeout, including writes applied after it gave up', async () => {
    const random = seededRandom(7);
    dynamo.proxy.rule = ({ operation }): FaultAction => {
      if (operation !== 'PutItem') return PASS;
      const draw = random();
      // Applied by DynamoDB, answer lost to the timeout: the replay must see "already there".
      if (draw < 0.15) return { kind: 'late', ms: 700 };
      // Stuck on the way, client times out, request never arrives.
      if (draw < 0.25) return { kind: 'delay', ms: 700 };
      return PASS;
    };
    rig = await startSyncRig(dynamo, {
      timeToSyncSeconds: 0.1,
      requestTimeoutMs: 300,
      retry: { baseMs: 5, capMs: 50, attempts: 3 },
      breaker: { consecutiveFailures: 10, cooldownMs: 200 },
    });
    const all: Bill[] = [];
    for (let round = 0; round < 3; round++) await trade(rig, all, 40);
    await waitFor(
      'every bill despite timeouts',
      () => rig!.sync.status().pendingBills === 0,
      60_000,
    );
    await waitFor('a clean run', async () => (await rig!.sync.syncNow()).ok, 60_000);

    await expectTableEqualsStore(rig, all);
    expect(rig.sync.metrics().counters.billsAlreadyCurrent).toBeGreaterThan(0);
  });

  it('keeps the newer version when a bill changes while its older version is on the wire', async () => {
    rig = await startSyncRig(dynamo, {
      timeToSyncSeconds: 3600, // runs only when asked
      firstRunDelayMs: 3_600_000,
      requestTimeoutMs: 800,
      retry: { baseMs: 5, capMs: 20, attempts: 2 },
    });
    const bill = makeBill();
    const v2 = revise(bill, 7);
    let held = 0;
    // Each PutItem of version 1 is stuck in the network for 2.5 s and still delivered afterwards,
    // long after the client timed out and version 2 was written.
    dynamo.proxy.rule = ({ operation, body }) => {
      if (
        operation === 'PutItem' &&
        body.includes(bill.id) &&
        body.includes('"version":{"N":"1"}')
      ) {
        held += 1;
        return { kind: 'delay', ms: 2500, deliverAnyway: true };
      }
      return PASS;
    };
    await rig.store.putMany([bill]);
    const first = rig.sync.syncNow();
    await waitFor('version 1 on the wire', () => held === 1);
    await rig.store.putMany([v2]); // modified meanwhile
    expect((await first).ok).toBe(false); // both attempts at version 1 timed out
    expect(held).toBe(2);
    expect((await rig.sync.syncNow()).ok).toBe(true); // writes version 2
    await new Promise((resolve) => setTimeout(resolve, 3000)); // the stale version 1s land now
    const item = (await dynamo.scan(TABLE)).find((i) => i.id === bill.id);
    expect(item?.version).toBe(2);
    expect(item?.total).toBe(v2.total);
    expect(rig.sync.billSyncState(bill.id)).toBe('synced');
  });
});
