// The journal cursor and idempotent conditional writes, over the in-memory twins.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { stateFilePath } from '../../../src/sync/state-file.js';
import { makeBill, makeRig, revise, type Rig } from './helpers.js';

let rig: Rig;
afterEach(async () => rig.engine.stop());

function remoteVersions(r: Rig): Record<string, number> {
  return Object.fromEntries(r.table.allBills().map((item) => [item.bill.id, item.bill.version]));
}

describe('draining the journal', () => {
  it('writes every bill once at its latest version, under its business day', async () => {
    rig = makeRig();
    await rig.engine.start();
    const bills = Array.from({ length: 25 }, () => makeBill());
    await rig.store.putMany(bills);
    await rig.store.putMany([revise(bills[3]!, 5)]);

    const result = await rig.engine.syncNow();

    expect(result.ok).toBe(true);
    expect(rig.table.allBills()).toHaveLength(25);
    expect(remoteVersions(rig)[bills[3]!.id]).toBe(2);
    // 2026-11-25T17:00Z is 12:00 in Bogotá: that business day.
    expect(new Set(rig.table.allBills().map((item) => item.date))).toEqual(new Set(['2026-11-25']));
    expect(result.confirmedLsn).toBe(rig.journal.lastLsn());
    expect(rig.engine.status()).toMatchObject({ state: 'ok', pendingBills: 0, lagSeconds: 0 });
  });

  it('skips a version superseded later in the journal instead of writing it', async () => {
    rig = makeRig();
    await rig.engine.start();
    const bill = makeBill();
    await rig.store.putMany([bill]);
    await rig.store.putMany([revise(bill, 2)]);
    await rig.store.putMany([revise(revise(bill, 2), 3)]);

    await rig.engine.syncNow();

    expect(rig.table.requests.putBill).toBe(1);
    expect(remoteVersions(rig)[bill.id]).toBe(3);
  });

  it('keeps at most `concurrency` writes in flight and persists the cursor per batch', async () => {
    rig = makeRig({ concurrency: 3, batchSize: 7 });
    await rig.engine.start();
    rig.table.fault = () => new Promise((resolve) => setTimeout(() => resolve(undefined), 2));
    await rig.store.putMany(Array.from({ length: 20 }, () => makeBill()));

    await rig.engine.syncNow();

    expect(rig.table.maxInFlight).toBe(3);
    // 20 records in batches of 7, then the empty read that ends the drain.
    expect(rig.journal.reads).toBeGreaterThanOrEqual(4);
    const saved = JSON.parse(readFileSync(stateFilePath(rig.dataDir), 'utf8'));
    expect(saved.confirmedLsn).toBe(20);
  });

  it('takes the size and writes in flight of each batch from the pace, asked before every batch', async () => {
    const asked: number[] = [];
    rig = makeRig({
      concurrency: 8,
      batchSize: 50,
      pace: {
        nextBatch: () => {
          asked.push(rig!.engine.confirmedLsn());
          return Promise.resolve({ concurrency: 1, batchSize: 4 });
        },
      },
    });
    await rig.engine.start();
    rig.table.fault = () => new Promise((resolve) => setTimeout(() => resolve(undefined), 2));
    await rig.store.putMany(Array.from({ length: 10 }, () => makeBill()));

    await rig.engine.syncNow();

    expect(rig.table.maxInFlight).toBe(1);
    // Batches of 4 (LSN 0, 4, 8), then the empty read that ends the drain.
    expect(asked).toEqual([0, 4, 8, 10]);
    expect(rig.engine.confirmedLsn()).toBe(10);
  });

  it('resumes from the saved cursor after a restart, without rewriting synced bills', async () => {
    rig = makeRig();
    await rig.engine.start();
    await rig.store.putMany(Array.from({ length: 12 }, () => makeBill()));
    await rig.engine.syncNow();
    await rig.engine.stop();
    const putsBefore = rig.table.requests.putBill;

    await rig.store.putMany([makeBill(), makeBill()]);
    rig.restart();
    await rig.engine.start();
    expect(rig.engine.status().pendingBills).toBe(2);
    expect(rig.engine.confirmedLsn()).toBe(12);
    await rig.engine.syncNow();

    expect(rig.table.requests.putBill - putsBefore).toBe(2);
    expect(rig.table.allBills()).toHaveLength(14);
  });

  it('counts "already in DynamoDB" as confirmed when replaying after a lost cursor', async () => {
    rig = makeRig();
    await rig.engine.start();
    await rig.store.putMany(Array.from({ length: 6 }, () => makeBill()));
    await rig.engine.syncNow();
    await rig.engine.stop();
    // The state file is damaged: the engine replays the journal from LSN 0.
    const { writeFileSync } = await import('node:fs');
    writeFileSync(stateFilePath(rig.dataDir), '{"schemaVersion":1,"confirmedLsn":');

    rig.restart();
    await rig.engine.start();
    const result = await rig.engine.syncNow();

    expect(result).toMatchObject({ ok: true, written: 0, alreadyCurrent: 6, confirmedLsn: 6 });
    expect(rig.table.allBills()).toHaveLength(6);
    expect(rig.logger.lines.some((line) => line.includes('unreadable'))).toBe(true);
  });

  it('never puts an older version over a newer one', async () => {
    rig = makeRig();
    await rig.engine.start();
    const bill = makeBill();
    await rig.store.putMany([bill]);
    // DynamoDB already holds version 2 (another writer, or a restored older local copy).
    await rig.table.putBill('2026-11-25', revise(bill, 4), 'earlier');
    await rig.engine.syncNow();
    expect(remoteVersions(rig)[bill.id]).toBe(2);
  });

  it('restarts from 0 when the journal is behind the saved cursor (journal recreated)', async () => {
    rig = makeRig();
    await rig.engine.start();
    await rig.store.putMany([makeBill(), makeBill()]);
    await rig.engine.syncNow();
    await rig.engine.stop();
    rig.journal.records.splice(0); // the journal was lost; a new one starts again at LSN 1
    const fresh = makeBill();
    rig.journal.records.push({ lsn: 1, bill: fresh });

    rig.restart();
    await rig.engine.start();
    expect(rig.engine.confirmedLsn()).toBe(0);
    expect(rig.logger.lines.some((line) => line.includes('journal was reset'))).toBe(true);
  });

  it('reports lag from when the oldest pending bill was seen', async () => {
    rig = makeRig();
    await rig.engine.start();
    await rig.store.putMany([makeBill()]);
    rig.clock.advance(42_000);
    await rig.store.putMany([makeBill()]);
    expect(rig.engine.status()).toMatchObject({ pendingBills: 2, lagSeconds: 42 });
    expect(rig.engine.billSyncState(rig.journal.records[0]!.bill!.id)).toBe('pending');
    await rig.engine.syncNow();
    expect(rig.engine.billSyncState(rig.journal.records[0]!.bill!.id)).toBe('synced');
    expect(rig.engine.status().lagSeconds).toBe(0);
  });
});

describe('scheduling', () => {
  it('never runs two syncs at once; a request during a run gets the next run', async () => {
    rig = makeRig();
    await rig.engine.start();
    await rig.store.putMany([makeBill()]);
    let release!: () => void;
    const gate = new Promise<undefined>((resolve) => (release = () => resolve(undefined)));
    let inFlight = 0;
    let maxRuns = 0;
    rig.table.fault = async (operation) => {
      if (operation !== 'ensureTable') return undefined;
      inFlight += 1;
      maxRuns = Math.max(maxRuns, inFlight);
      await gate;
      inFlight -= 1;
      return undefined;
    };
    const first = rig.engine.syncNow();
    const second = rig.engine.syncNow();
    const third = rig.engine.syncNow();
    expect(second).toBe(third);
    release();
    const results = await Promise.all([first, second, third]);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(maxRuns).toBe(1);
  });

  it('runs by itself every interval', async () => {
    rig = makeRig({ intervalMs: 20, firstRunDelayMs: 0 });
    await rig.engine.start();
    await rig.store.putMany([makeBill()]);
    await expect.poll(() => rig.table.allBills().length, { timeout: 10_000 }).toBe(1);
  });

  it('is disabled with an interval of 0', async () => {
    rig = makeRig({ intervalMs: 0 });
    await rig.engine.start();
    await rig.store.putMany([makeBill()]);
    const result = await rig.engine.syncNow();
    expect(result.ok).toBe(false);
    expect(rig.engine.status().state).toBe('disabled');
    expect(rig.table.requests.putBill).toBe(0);
  });
});
