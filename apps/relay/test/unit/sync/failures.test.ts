// Retries, the circuit breaker, dead letters, health transitions and alerts.
import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncError } from '../../../src/dynamo/errors.js';
import { registerSyncMetrics } from '../../../src/metrics/sync-metrics.js';
import { stateFilePath } from '../../../src/sync/state-file.js';
import { makeBill, makeRig, revise, type Rig } from './helpers.js';

let rig: Rig;
afterEach(async () => rig.engine.stop());

const down = () => new SyncError('unavailable', 'connect ECONNREFUSED');

describe('transient failures', () => {
  it('retries with capped, jittered backoff and succeeds', async () => {
    rig = makeRig({ retry: { baseMs: 100, capMs: 250, attempts: 4 } });
    await rig.engine.start();
    await rig.store.putMany([makeBill()]);
    let failures = 3;
    rig.table.fault = (operation) =>
      operation === 'putBill' && failures-- > 0
        ? new SyncError('throttled', 'slow down')
        : undefined;

    const result = await rig.engine.syncNow();

    expect(result.ok).toBe(true);
    // random() = 0.5: half of 100, 200, then the 250 cap.
    expect(rig.delays).toEqual([50, 100, 125]);
    expect(rig.table.allBills()).toHaveLength(1);
    // Retries that succeed are routine: no state change, no alert, but counted and remembered.
    expect(rig.engine.status()).toMatchObject({ state: 'ok', lastError: 'throttled: slow down' });
    expect(rig.alerts).toEqual([]);
    expect(rig.engine.metrics().counters.retries).toBe(3);
  });

  it('stops the cursor before the first failed bill and resumes there', async () => {
    rig = makeRig({ concurrency: 1, batchSize: 10, retry: { baseMs: 1, capMs: 1, attempts: 1 } });
    await rig.engine.start();
    const bills = Array.from({ length: 6 }, () => makeBill());
    await rig.store.putMany(bills);
    rig.table.fault = (operation, { bill }) =>
      operation === 'putBill' && bill?.id === bills[3]!.id ? down() : undefined;

    const failed = await rig.engine.syncNow();
    expect(failed.ok).toBe(false);
    expect(failed.confirmedLsn).toBe(3);
    expect(rig.engine.status()).toMatchObject({ state: 'retrying', pendingBills: 3 });
    expect(rig.engine.status().lastError).toContain('ECONNREFUSED');
    const saved = JSON.parse(readFileSync(stateFilePath(rig.dataDir), 'utf8'));
    expect(saved.confirmedLsn).toBe(3);

    rig.table.fault = undefined;
    const recovered = await rig.engine.syncNow();
    expect(recovered).toMatchObject({ ok: true, confirmedLsn: 6 });
    expect(rig.table.allBills()).toHaveLength(6);
  });

  it('opens the circuit after consecutive failures, stops calling, then probes and recovers', async () => {
    rig = makeRig({
      breaker: { consecutiveFailures: 3, cooldownMs: 60 },
      retry: { baseMs: 1, capMs: 1, attempts: 2 },
    });
    await rig.engine.start();
    await rig.store.putMany(Array.from({ length: 5 }, () => makeBill()));
    rig.table.fault = () => down();

    // Two attempts per run: the third consecutive failure, in the second run, opens the circuit.
    await rig.engine.syncNow();
    expect(rig.engine.status().state).toBe('retrying');
    await rig.engine.syncNow();
    expect(rig.engine.status().state).toBe('circuit-open');
    const requestsWhileOpen = rig.table.requests.ensureTable + rig.table.requests.putBill;
    const blocked = await rig.engine.syncNow();
    expect(blocked.ok).toBe(false);
    expect(rig.table.requests.ensureTable + rig.table.requests.putBill).toBe(requestsWhileOpen);
    // lastError keeps the cause, not "circuit open".
    expect(rig.engine.status().lastError).toContain('ECONNREFUSED');

    rig.table.fault = undefined;
    await new Promise((resolve) => setTimeout(resolve, 80)); // the breaker's cool-down (real time)
    const probed = await rig.engine.syncNow();
    expect(probed.ok).toBe(true);
    expect(rig.engine.status().state).toBe('ok');
    expect(rig.table.allBills()).toHaveLength(5);
  });

  it('logs each state change once and posts it to the webhook', async () => {
    rig = makeRig({
      breaker: { consecutiveFailures: 2, cooldownMs: 30 },
      retry: { baseMs: 1, capMs: 1, attempts: 1 },
    });
    await rig.engine.start();
    await rig.store.putMany([makeBill(), makeBill()]);
    rig.table.fault = () => down();
    for (let i = 0; i < 4; i++) await rig.engine.syncNow();
    rig.table.fault = undefined;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await rig.engine.syncNow();
    await rig.engine.syncNow();

    const states = rig.alerts.filter((a) => a.event === 'sync.state').map((a) => a.state);
    expect(states).toEqual(['retrying', 'circuit-open', 'ok']);
    expect(rig.alerts[0]).toMatchObject({ storeId: 'store-1', previous: 'ok' });
    expect(rig.logger.lines.filter((l) => l.includes('circuit open'))).toHaveLength(1);
    expect(rig.logger.lines.filter((l) => l.includes('recovered'))).toHaveLength(1);
  });

  it('recreates the table when it disappears', async () => {
    rig = makeRig({ retry: { baseMs: 1, capMs: 1, attempts: 1 } });
    await rig.engine.start();
    await rig.store.putMany([makeBill()]);
    await rig.engine.syncNow();
    await rig.store.putMany([makeBill()]);
    let gone = true;
    rig.table.fault = (operation) =>
      operation === 'putBill' && gone ? new SyncError('table-missing', 'no table') : undefined;
    expect((await rig.engine.syncNow()).ok).toBe(false);
    gone = false;
    const ensured = rig.table.requests.ensureTable;
    expect((await rig.engine.syncNow()).ok).toBe(true);
    expect(rig.table.requests.ensureTable).toBe(ensured + 1);
  });
});

describe('dead letters', () => {
  it('sets a refused bill aside without blocking the others, and persists it', async () => {
    rig = makeRig();
    await rig.engine.start();
    const bills = Array.from({ length: 4 }, () => makeBill());
    await rig.store.putMany(bills);
    const poison = bills[1]!;
    rig.table.fault = (_operation, { bill }) =>
      bill?.id === poison.id ? new SyncError('rejected', 'Item size has exceeded') : undefined;

    const result = await rig.engine.syncNow();

    expect(result).toMatchObject({ ok: true, deadLettered: 1, written: 3, confirmedLsn: 4 });
    expect(rig.engine.status()).toMatchObject({ state: 'ok', deadLetters: 1, pendingBills: 0 });
    expect(rig.engine.billSyncState(poison.id)).toBe('dead-letter');
    expect(rig.alerts.some((a) => a.event === 'sync.dead-letter' && a.billId === poison.id)).toBe(
      true,
    );
    expect(rig.engine.metrics().deadLetters).toBe(1);
    // The refusal is a verdict on one item: the breaker stays closed.
    expect(rig.table.requests.putBill).toBe(4);

    await rig.engine.stop();
    rig.restart();
    await rig.engine.start();
    expect(rig.engine.deadLetters().map((letter) => letter.id)).toEqual([poison.id]);
    expect(rig.engine.billSyncState(poison.id)).toBe('dead-letter');
  });

  it('keeps its day unconfirmed until a newer version of the bill syncs', async () => {
    rig = makeRig();
    await rig.engine.start();
    const poison = makeBill();
    await rig.store.putMany([poison, makeBill()]);
    rig.table.fault = (_op, { bill }) =>
      bill?.id === poison.id && bill.version === 1 ? new SyncError('rejected', 'bad') : undefined;
    await rig.engine.syncNow();
    expect(rig.engine.isDayConfirmed('2026-11-25')).toBe(false);
    expect(rig.table.summaries.has('2026-11-25')).toBe(false);

    await rig.store.putMany([revise(poison, 2)]);
    await rig.engine.syncNow();
    expect(rig.engine.deadLetters()).toEqual([]);
    expect(rig.engine.isDayConfirmed('2026-11-25')).toBe(true);
  });
});

describe('metrics', () => {
  it('exposes status and counters in Prometheus text format', async () => {
    rig = makeRig();
    await rig.engine.start();
    await rig.store.putMany([makeBill(), makeBill()]);
    await rig.engine.syncNow();
    const registry = new Registry();
    registerSyncMetrics(registry, () => rig.engine.metrics());
    const text = await registry.metrics();
    expect(text).toContain('caja_sync_state{state="ok"} 1');
    expect(text).toContain('caja_sync_state{state="retrying"} 0');
    expect(text).toContain('caja_sync_pending_bills 0');
    expect(text).toContain('caja_sync_bills_total{outcome="written"} 2');
    expect(text).toContain('# TYPE caja_sync_runs_total counter');
    expect(text).toMatch(/caja_sync_last_success_timestamp_seconds 17\d{8}/);
    for (const line of text.split('\n').filter((line) => line !== ''))
      expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{\w+="[\w-]+"\})? [\d.]+)$/);
  });
});
