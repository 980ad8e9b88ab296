// Drills of the built relay against DynamoDB (dynalite behind the fault proxy): DynamoDB down for
// "10 minutes", compressed, while tills keep writing; and two relays writing one STORE_ID,
// including the same bill id with different content.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDynamoRig, type DynamoRig } from '../sync-support/dynamo-rig.js';
import { PASS } from '../sync-support/fault-proxy.js';
import { syncedRelayEnv } from '../sync-support/synced-relay.js';
import {
  ADMIN_TOKEN,
  makeBill,
  requestJson,
  sleep,
  startRelay,
  tempDir,
  type RunningRelay,
  type TestBill,
} from '../relay-process.js';
import { audit, Ledger, nowIso, report, scale, startLoad } from './drill-kit.js';

const TABLE = 'caja_drill';
const STORE_ID = 'drill-store';

let dynamo: DynamoRig;
const relays: RunningRelay[] = [];
beforeEach(async () => {
  dynamo = await startDynamoRig();
});
afterEach(async () => {
  for (const relay of relays.splice(0)) await relay.kill('SIGKILL');
  await dynamo.close();
});

/**
 * The sync's timings at 1/30 of their defaults (TIME_TO_SYNC 30 s, breaker cooldown 30 s, retry
 * 200 ms to 10 s): 20 sync periods, 10 minutes at the defaults, pass in 20 s.
 */
function syncEnv(dataDir: string, more: Record<string, string> = {}): Record<string, string> {
  return syncedRelayEnv(
    dataDir,
    { storeId: STORE_ID, table: TABLE, endpoint: dynamo.proxy.endpoint },
    {
      SYNC_RETRY_BASE_MS: '7',
      SYNC_RETRY_CAP_MS: '333',
      SYNC_BREAKER_COOLDOWN_MS: '1000',
      ...more,
    },
  );
}

async function start(env: Record<string, string>): Promise<RunningRelay> {
  const relay = await startRelay(env);
  relays.push(relay);
  return relay;
}

interface SyncHealth {
  state: string;
  pendingBills: number;
  lastError: string | null;
  lastSuccessAt: string | null;
  conflicts: number;
  otherWriter: string | null;
}
async function healthOf(relay: RunningRelay, token: string | null = null) {
  const answer = await requestJson(relay.url, 'GET', '/api/v1/health', { token });
  return { httpStatus: answer.status, ...(answer.body as { status: string; sync: SyncHealth }) };
}

/** Polls `check` (which may return what it saw, for the failure message) until true. */
async function waitFor(
  what: string,
  check: () => Promise<boolean | { done: boolean; seen: unknown }>,
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const outcome = await check();
    if (typeof outcome === 'boolean' ? outcome : outcome.done) return;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(outcome)}`);
    await sleep(200);
  }
}

/** Waits for an idle sync, then for one complete run that started after it. */
async function settle(relay: RunningRelay): Promise<void> {
  await waitFor('the sync to drain', async () => {
    const { sync } = await healthOf(relay);
    return sync.pendingBills === 0 && sync.state === 'ok';
  });
  const run = await requestJson(relay.url, 'POST', '/api/v1/sync', { token: ADMIN_TOKEN });
  expect(run.status).toBe(200);
}

/** DynamoDB's bill items by id (an id found twice counts once more each time). */
async function tableBills() {
  const items = (await dynamo.scan(TABLE)).filter((item) => String(item.sk).startsWith('BILL#'));
  const byId = new Map<string, Record<string, unknown>>();
  let duplicated = 0;
  for (const item of items) {
    if (byId.has(item.id as string)) duplicated += 1;
    byId.set(item.id as string, item);
  }
  return { byId, duplicated };
}

const alertCodes = async (relay: RunningRelay) =>
  new Set(
    (
      (await requestJson(relay.url, 'GET', '/api/v1/alerts?limit=100', { token: ADMIN_TOKEN }))
        .body as { alerts: { code: string }[] }
    ).alerts.map((alert) => alert.code),
  );

describe('drill: DynamoDB down for 10 minutes, compressed', () => {
  it('keeps taking bills, degrades without a 5xx, bounds its attempts, then syncs each bill once', async () => {
    const times = scale(1, 3);
    const outageMs = 20_000;
    const relay = await start(syncEnv(tempDir('caja-drill-ddb-')));
    const ledger = new Ledger();
    // 8 tills at a busy shop's pace: a bill (or a batch of 10) every second each.
    const load = startLoad(() => relay.url, 8, ledger, undefined, 1_000);
    await waitFor('a first sync', async () => {
      const { sync } = await healthOf(relay);
      return { done: sync.state === 'ok' && sync.lastSuccessAt !== null, seen: sync };
    });
    const attempts: number[] = [];
    let samples = 0;
    let degradedSamples = 0;
    let healthErrors = 0;
    let recoveryS = 0;
    const latencies: number[] = [];
    for (let round = 0; round < times; round++) {
      // Down: every request to DynamoDB has its connection reset.
      dynamo.proxy.rule = () => ({ kind: 'reset' });
      dynamo.proxy.resetCounts();
      const from = ledger.latencies.length;
      const downAt = Date.now();
      while (Date.now() - downAt < outageMs) {
        await sleep(500);
        const health = await healthOf(relay);
        if (health.httpStatus >= 500) healthErrors += 1;
        // The first run into the outage takes its retries before it fails: from 2 s on, every
        // sample must say degraded.
        if (Date.now() - downAt < 2_000) continue;
        samples += 1;
        // Degraded with the cause, as a code (no AWS text without a token).
        if (
          health.status === 'degraded' &&
          ['retrying', 'circuit-open'].includes(health.sync.state) &&
          health.sync.lastError !== null &&
          !health.sync.lastError.includes(' ')
        )
          degradedSamples += 1;
      }
      attempts.push(dynamo.proxy.counts.requests);
      latencies.push(...ledger.latencies.slice(from));
      dynamo.proxy.rule = () => PASS;
      const upAt = Date.now();
      await waitFor('the sync to catch up', async () => {
        const { sync } = await healthOf(relay);
        return { done: sync.state === 'ok' && sync.pendingBills < 200, seen: sync };
      });
      recoveryS = Math.max(recoveryS, (Date.now() - upAt) / 1000);
    }
    await load.stop();
    await settle(relay);
    const local = await audit(relay, ledger);
    const { byId, duplicated } = await tableBills();
    let lost = 0;
    let stale = 0;
    for (const [id, version] of ledger.acked) {
      const item = byId.get(id);
      if (!item) lost += 1;
      else if ((item.version as number) < version) stale += 1;
    }
    const codes = await alertCodes(relay);
    const sorted = latencies.sort((a, b) => a - b);
    const p99 = sorted.length
      ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!)
      : null;
    report({
      drill: 'DynamoDB down for 10 minutes, compressed',
      what:
        'every DynamoDB request reset for 20 sync periods (TIME_TO_SYNC 1 s, breaker cooldown ' +
        '1 s, retries 7–333 ms: the defaults / 30) under 8 tills at 1 upload/s each, then up; ' +
        'DynamoDB compared with the acknowledged bills',
      times,
      acknowledged: ledger.acked.size,
      lost: lost + local.lost,
      duplicated: duplicated + local.duplicated,
      stale: stale + local.stale,
      p99Ms: p99,
      note:
        `DynamoDB requests per outage: ${attempts.join(', ')}; health degraded with the cause ` +
        `in ${degradedSamples} of ${samples} samples, ${healthErrors} 5xx; till 5xx: ` +
        `${ledger.serverErrors}; caught up ${recoveryS.toFixed(1)} s after; alerts: ` +
        [...codes].sort().join(', '),
    });
    expect(ledger.acked.size).toBeGreaterThan(0);
    expect({ lost, stale, duplicated }).toEqual({ lost: 0, stale: 0, duplicated: 0 });
    expect(local).toEqual({ lost: 0, stale: 0, duplicated: 0 });
    expect(byId.size).toBe(ledger.acked.size);
    expect(healthErrors).toBe(0);
    expect(ledger.serverErrors).toBe(0);
    expect(degradedSamples).toBe(samples);
    // The breaker opens after 5 failed requests and then lets one probe through per cooldown
    // (1 s): about 25 requests in 20 s. Without it every run would send its retries (5 each).
    for (const count of attempts) expect(count).toBeLessThanOrEqual(3 * (outageMs / 1_000));
    expect(codes).toContain('sync_recovered');
  });
});

describe('drill: two relays on one store', () => {
  it('detects the other writer and the conflicts, calls no conflict synced, loses nothing', async () => {
    const shared = scale(5, 50);
    const oldDay = nowIso(-3 * 86_400_000);
    // Old bills are cleaned locally once their day is confirmed in DynamoDB: every second.
    const cleanup = { TIME_TO_CLEAN: '1', LOCAL_RETENTION_DAYS: '1', SYNC_CHECK_SECONDS: '1' };
    const a = await start(syncEnv(tempDir('caja-drill-two-a-'), cleanup));
    const b = await start(syncEnv(tempDir('caja-drill-two-b-'), cleanup));
    const ledgers = [new Ledger(), new Ledger()];
    const acked = [new Map<string, TestBill>(), new Map<string, TestBill>()];
    // The same ids with other content on each relay, and bills of each relay's own, in an old day.
    for (const [index, relay] of [a, b].entries()) {
      const bills = [
        ...Array.from({ length: shared }, (_, i) =>
          makeBill(`shared-${i}`, 'till-1', 1, oldDay, i * 2 + index),
        ),
        ...Array.from({ length: shared }, (_, i) =>
          makeBill(`own-${index}-${i}`, `till-${index}`, 1, oldDay, i),
        ),
      ];
      const answer = await requestJson(relay.url, 'POST', '/api/v1/bills/batch', {
        body: { bills },
      });
      expect(answer.status).toBe(200);
      (answer.body.results as { status: number }[]).forEach((result, i) => {
        expect(result.status).toBe(201);
        ledgers[index]!.ack(bills[i]!.id, 1);
        acked[index]!.set(bills[i]!.id, bills[i]!);
      });
    }
    // Tills keep writing to both (till-0 of relay A is the timed one).
    const loads = [a, b].map((relay, i) =>
      startLoad(() => relay.url, 4, ledgers[i]!, undefined, 1_000),
    );
    await sleep(scale(6_000, 30_000));
    await Promise.all(loads.map((load) => load.stop()));
    await waitFor('every shared id in conflict on one relay', async () => {
      const [ha, hb] = await Promise.all([healthOf(a), healthOf(b)]);
      return ha.sync.conflicts + hb.sync.conflicts === shared;
    });
    // Cleanup runs every second meanwhile: give it a few rounds.
    await sleep(4_000);
    await waitFor('the other writer seen', async () => {
      const [ha, hb] = await Promise.all([healthOf(a), healthOf(b)]);
      return { done: ha.sync.otherWriter !== null || hb.sync.otherWriter !== null, seen: [ha, hb] };
    });

    let lost = 0;
    let stale = 0;
    let calledSynced = 0;
    let duplicated = 0;
    const { byId, duplicated: twice } = await tableBills();
    for (const [index, relay] of [a, b].entries()) {
      const local = await audit(relay, ledgers[index]!);
      stale += local.stale;
      duplicated += local.duplicated;
      // An acknowledged bill the relay no longer holds must be in DynamoDB as it was acknowledged.
      for (const [id] of ledgers[index]!.acked) {
        const answer = await requestJson(relay.url, 'GET', `/api/v1/bills/${id}`);
        const mine = acked[index]!.get(id);
        if (answer.status === 200) {
          if (id.startsWith('shared-') && mine) {
            const sameAsTable = byId.get(id)?.total === answer.body.bill.total;
            if (!sameAsTable && answer.body.sync.state === 'synced') calledSynced += 1;
          }
          continue;
        }
        const item = byId.get(id);
        if (!item || (mine && item.total !== mine.total)) lost += 1;
      }
    }
    const [ha, hb] = await Promise.all([healthOf(a, ADMIN_TOKEN), healthOf(b, ADMIN_TOKEN)]);
    const [ca, cb] = await Promise.all([alertCodes(a), alertCodes(b)]);
    const seenBy = [ha, hb].filter((health) => health.sync.otherWriter !== null).length;
    const acknowledged = ledgers[0]!.acked.size + ledgers[1]!.acked.size;
    report({
      drill: 'two relays on one store',
      what:
        `two relays (own DATA_DIRs, one STORE_ID, one DynamoDB) with 4 tills each, ${shared} ` +
        'bill ids written to both with other content, local cleanup every second',
      times: 1,
      acknowledged,
      lost,
      duplicated: duplicated + twice,
      stale,
      p99Ms: ledgers[0]!.p99(),
      note:
        `conflicts ${ha.sync.conflicts} + ${hb.sync.conflicts} of ${shared}, ${calledSynced} ` +
        `called synced; other writer seen by ${seenBy} of 2; health ${ha.status} / ${hb.status}; ` +
        `alerts: ${[...ca].sort().join(', ')} / ${[...cb].sort().join(', ')}`,
    });
    expect({ lost, stale, duplicated: duplicated + twice }).toEqual({
      lost: 0,
      stale: 0,
      duplicated: 0,
    });
    expect(calledSynced).toBe(0);
    expect(ha.sync.conflicts + hb.sync.conflicts).toBe(shared);
    expect(seenBy).toBeGreaterThanOrEqual(1);
    for (const [health, codes] of [
      [ha, ca],
      [hb, cb],
    ] as const) {
      if (health.sync.conflicts > 0 || health.sync.otherWriter !== null)
        expect(health.status).toBe('degraded');
      if (health.sync.conflicts > 0) expect(codes).toContain('conflict');
      if (health.sync.otherWriter !== null) expect(codes).toContain('other_writer');
    }
  });
});
