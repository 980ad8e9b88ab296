// SegmentJournalReader over the real durable store's journal, and the sync engine draining it.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDurableBillStore, type DurableBillStore } from '../../../src/storage/index.js';
import { MemoryBillTable } from './memory-table.js';
import { SegmentJournalReader } from '../../../src/sync/storage-journal.js';
import { ZONE, journalEngine, makeBill, revise, tempDir } from './helpers.js';

let store: DurableBillStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function openStore(dataDir: string) {
  return openDurableBillStore({
    dataDir,
    timeZone: ZONE,
    snapshotIntervalMs: 0,
    backupIntervalSeconds: 0,
    segmentBytes: 4096, // a few bills per segment: reading must cross segment files
  });
}

describe('SegmentJournalReader', () => {
  it('returns every durable record after an LSN, in order, across segments and batches', async () => {
    const dataDir = tempDir();
    store = await openStore(dataDir);
    const bills = Array.from({ length: 40 }, () => makeBill());
    for (let i = 0; i < bills.length; i += 7) await store.putMany(bills.slice(i, i + 7));
    await store.putMany([revise(bills[0]!, 2)]);
    const reader = new SegmentJournalReader(dataDir, () => store!.lsn);
    expect(reader.lastLsn()).toBe(41);

    const lsns: number[] = [];
    let after = 0;
    for (;;) {
      const batch = await reader.readAfter(after, 6);
      if (batch.length === 0) break;
      expect(batch.length).toBeLessThanOrEqual(6);
      for (const record of batch) lsns.push(record.lsn);
      after = batch.at(-1)!.lsn;
    }
    expect(lsns).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    expect(readdirSync(join(dataDir, 'journal')).length).toBeGreaterThan(2);

    // Random access (a cursor that went back after a failure, or a restart) works too.
    const middle = await new SegmentJournalReader(dataDir, () => store!.lsn).readAfter(17, 3);
    expect(middle.map((record) => record.lsn)).toEqual([18, 19, 20]);
    expect(middle[0]).toMatchObject({ bill: bills[17], shiftDate: '2026-11-25' });
    expect(middle[0]!.receivedAt).toEqual(expect.any(String));
    const last = await reader.readAfter(40, 10);
    expect(last).toHaveLength(1);
    expect(last[0]!.bill).toEqual(revise(bills[0]!, 2));
  });

  it('gives each of several reads in flight at once its own records, as it grows', async () => {
    const dataDir = tempDir();
    store = await openStore(dataDir);
    const bills = Array.from({ length: 30 }, () => makeBill());
    await store.putMany(bills.slice(0, 20));
    const reader = new SegmentJournalReader(dataDir, () => store!.lsn);
    // One reader, overlapping reads from different places (the drain, the chain check and the
    // pending scan share one): none may see another's bytes.
    const reads = await Promise.all([0, 5, 11, 0, 17].map((after) => reader.readAfter(after, 4)));
    expect(reads.map((batch) => batch.map((record) => record.bill?.id))).toEqual(
      [0, 5, 11, 0, 17].map((after) =>
        bills.slice(after, Math.min(after + 4, 20)).map((bill) => bill.id),
      ),
    );
    // Newly durable records after the reads before them: the same reader finds them.
    await store.putMany(bills.slice(20));
    const tail: string[] = [];
    for (let after = 18; ;) {
      const batch = await reader.readAfter(after, 3);
      if (batch.length === 0) break;
      tail.push(...batch.map((record) => record.bill!.id));
      after = batch.at(-1)!.lsn;
    }
    expect(tail).toEqual(bills.slice(18).map((bill) => bill.id));
  });

  it('feeds the engine: everything synced, and the cursor survives reopening the store', async () => {
    const dataDir = tempDir();
    store = await openStore(dataDir);
    await store.putMany(Array.from({ length: 25 }, () => makeBill()));
    const table = new MemoryBillTable();
    const makeEngine = (s: DurableBillStore) =>
      journalEngine(s, dataDir, table, { now: () => new Date('2026-11-27T20:00:00Z') });
    let engine = makeEngine(store);
    await engine.start();
    expect((await engine.syncNow()).confirmedLsn).toBe(25);
    await engine.stop();
    await store.close();

    store = await openStore(dataDir);
    await store.putMany([makeBill(), makeBill()]);
    engine = makeEngine(store);
    await engine.start();
    expect(engine.status().pendingBills).toBe(2);
    const result = await engine.syncNow();
    expect(result).toMatchObject({ ok: true, written: 2, confirmedLsn: 27 });
    expect(table.allBills()).toHaveLength(27);

    // Local cleanup asks isDayConfirmed, journals a drop record, and the cursor passes it.
    const cleanup = await store.cleanup({
      today: '2026-11-27',
      retentionDays: 1,
      isDayConfirmed: (date) => engine.isDayConfirmed(date),
    });
    expect(cleanup.dropped).toEqual([{ date: '2026-11-25', billCount: 27 }]);
    await store.putMany([makeBill({ createdAt: '2026-11-27T19:00:00Z' })]);
    const after = await engine.syncNow();
    await engine.stop();
    expect(after).toMatchObject({ ok: true, written: 1, confirmedLsn: 29 });
  });
});
