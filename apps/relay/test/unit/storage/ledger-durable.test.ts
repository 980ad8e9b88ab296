// The ledger in the durable store: cash moves, Zs and till numbers survive a restart (from the
// journal and from the snapshot), every record carries the hash of the one before, verify
// names the first broken link, and a journal written before the chain still loads.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport, computeZ } from '@caja/models';
import { describe, expect, it } from 'vitest';
import type { DurableBillStore } from '../../../src/storage/durable-bill-store.js';
import { encodeFrames, readFrame, SEGMENT_MAGIC } from '../../../src/storage/journal-frame.js';
import { payloadHash } from '../../../src/storage/journal-record.js';
import { verifyDataDir } from '../../../src/storage/verify.js';
import { makeBill, openTestStore, tempDir } from './helpers.js';

async function fill(store: DurableBillStore) {
  for (const n of [1, 2, 4]) await store.putMany([makeBill(n, { tillId: 'till-a', number: n })]);
  await store.appendLedger(({ lsn, receivedAt }) => ({
    type: 'cash_move',
    move: { id: `move-${lsn}`, date: '2026-11-27', amount: 5000, reason: 'float', at: receivedAt },
  }));
  await store.appendLedger(({ receivedAt, chainHead }) => ({
    type: 'close',
    z: computeZ({
      zNumber: 1,
      date: '2026-11-27',
      closedAt: receivedAt,
      bills: store.shift('2026-11-27').bills,
      moves: store.book.movesOf('2026-11-27').map((stored) => stored.move),
      countedCash: 0,
      previousGrandTotal: 0,
      chainHead,
    }),
  }));
}

function ledgerOf(store: DurableBillStore) {
  return {
    z: store.book.zOf('2026-11-27'),
    moves: store.book.movesOf('2026-11-27'),
    numbers: store.book.tills.get('till-a')?.toJson(),
    chainHead: store.durableChainHead,
  };
}

/** Every record's payload in LSN order, from the segment files. */
function payloads(dataDir: string): { path: string; offset: number; text: string }[] {
  const found = [];
  const dir = join(dataDir, 'journal');
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const bytes = readFileSync(path);
    let offset = SEGMENT_MAGIC.length;
    while (offset < bytes.length) {
      const frame = readFrame(bytes, offset);
      if (!frame.ok) break;
      found.push({
        path,
        offset,
        text: bytes.toString('utf8', frame.payloadStart, frame.payloadEnd),
      });
      offset = frame.payloadEnd;
    }
  }
  return found;
}

describe('ledger records in the durable store', () => {
  it('survive a restart from the journal and from the snapshot, chain head included', async () => {
    const dataDir = tempDir();
    const store = await openTestStore(dataDir);
    await fill(store);
    const before = ledgerOf(store);
    expect(before.z?.z).toMatchObject({ zNumber: 1, cashMoves: 5000, expectedCash: 5000 });
    expect(before.numbers).toMatchObject({ highest: 4, gaps: [{ from: 3, to: 3 }] });
    await store.close(); // writes the final snapshot
    const fromSnapshot = await openTestStore(dataDir);
    expect(ledgerOf(fromSnapshot)).toEqual(before);
    // The next record links to the last one written before the restart.
    await fromSnapshot.putMany([makeBill(3, { tillId: 'till-a', number: 3 })]);
    expect(fromSnapshot.book.tills.get('till-a')?.missingCount).toBe(0);
    await fromSnapshot.close();
    const records = payloads(dataDir);
    for (let i = 1; i < records.length; i++) {
      expect(JSON.parse(records[i]!.text).prev).toBe(payloadHash(records[i - 1]!.text));
    }
    expect(JSON.parse(records[0]!.text).prev).toBe('0'.repeat(64));

    const journalOnly = tempDir();
    const second = await openTestStore(journalOnly);
    await fill(second);
    const expected = ledgerOf(second);
    // No snapshot: rebuilt from the journal alone.
    const copy = tempDir();
    mkdirSync(join(copy, 'journal'));
    for (const name of readdirSync(join(journalOnly, 'journal'))) {
      writeFileSync(join(copy, 'journal', name), readFileSync(join(journalOnly, 'journal', name)));
    }
    await second.close();
    const replayed = await openTestStore(copy);
    expect(ledgerOf(replayed)).toEqual(expected);
    await replayed.close();
  });

  it('lets verify name the first record whose link is broken', async () => {
    const dataDir = tempDir();
    const store = await openTestStore(dataDir);
    await fill(store);
    await store.close();
    const healthy = await verifyDataDir({ dataDir });
    expect(healthy.ok).toBe(true);
    expect(healthy.journal.chain).toEqual({ checked: 4 });

    // Rewrite record 2's bill total with a valid frame checksum: only the chain can tell.
    const record = payloads(dataDir)[1]!;
    const forged = record.text.replace('"total":102', '"total":109');
    expect(forged).not.toBe(record.text);
    const bytes = readFileSync(record.path);
    encodeFrames([forged]).copy(bytes, record.offset);
    writeFileSync(record.path, bytes);
    const report = await verifyDataDir({ dataDir });
    expect(report.ok).toBe(false);
    expect(report.journal.chain.brokenAt).toMatchObject({ lsn: 3, path: record.path });
    expect(report.problems.map((problem) => problem.message).join('\n')).toContain(
      'the hash chain breaks at record LSN 3',
    );
  });

  it('loads a journal written before the chain and links from there on', async () => {
    const dataDir = tempDir();
    const old = await openTestStore(dataDir, { hashChain: false });
    await old.putMany([makeBill(1), makeBill(2)]);
    await old.close();
    expect(payloads(dataDir).every((record) => !('prev' in JSON.parse(record.text)))).toBe(true);
    const store = await openTestStore(dataDir);
    expect(store.shift('2026-11-27').billCount).toBe(2);
    await store.putMany([makeBill(3)]);
    await store.close();
    const records = payloads(dataDir);
    expect(JSON.parse(records[2]!.text).prev).toBe(payloadHash(records[1]!.text));
    expect((await verifyDataDir({ dataDir })).ok).toBe(true);
  });

  it('keeps a day in reports after local cleanup drops its bills, through a restart', async () => {
    const dataDir = tempDir();
    const store = await openTestStore(dataDir);
    await store.putMany([makeBill(1), makeBill(2), makeBill(3, { status: 'void' })]);
    const report = () =>
      buildReport(
        ['2026-11-27'].map((date) => store.book.aggregate(date, () => store.shift(date).bills)),
        { from: '2026-11-01', to: '2026-11-30', by: 'day' },
      );
    const before = report();
    expect(before.totals).toMatchObject({ total: 101 * 2 + 102, count: 2 });
    const cleaned = await store.cleanup({
      today: '2026-12-20',
      retentionDays: 7,
      isDayConfirmed: () => true,
    });
    expect(cleaned.dropped).toEqual([{ date: '2026-11-27', billCount: 3 }]);
    expect(store.shift('2026-11-27').billCount).toBe(0);
    expect(store.book.droppedDates()).toEqual(['2026-11-27']);
    expect(report()).toEqual(before);
    await store.close();
    const reopened = await openTestStore(dataDir);
    const again = buildReport(
      [reopened.book.aggregate('2026-11-27', () => reopened.shift('2026-11-27').bills)],
      { from: '2026-11-01', to: '2026-11-30', by: 'day' },
    );
    expect(again).toEqual(before);
    await reopened.close();
  });
});
