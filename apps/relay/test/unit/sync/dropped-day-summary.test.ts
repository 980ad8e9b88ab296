// A day local cleanup dropped gets a late new version of one of its bills: DynamoDB's SUMMARY,
// the relay's report and the day's Z must still describe the whole day, not the one bill the
// relay holds again. Built on the durable store, its journal and the sync engine (table twin).
import { afterEach, describe, expect, it } from 'vitest';
import { computeZ, countedTotal, type Bill } from '@caja/models';
import { MemoryTillRepository } from '../../../src/auth/till-repository.js';
import { LedgerBook } from '../../../src/ledger/ledger-book.js';
import { LedgerService } from '../../../src/ledger/ledger-service.js';
import { openDurableBillStore, type DurableBillStore } from '../../../src/storage/index.js';
import { summarizeDay } from '../../../src/sync/digest.js';
import type { SyncEngine } from '../../../src/sync/engine.js';
import { MemoryBillTable } from './memory-table.js';
import { ZONE, journalEngine, makeBill, revise, tempDir, testLogger } from './helpers.js';

const DAY = '2026-11-25';
const NOW = new Date('2026-11-27T20:00:00Z'); // 15:00 in Bogota: today is 2026-11-27

let store: DurableBillStore | undefined;
let engine: SyncEngine | undefined;
afterEach(async () => {
  await engine?.stop();
  await store?.close();
  engine = store = undefined;
});

async function setUp() {
  const dataDir = tempDir();
  const opened = await openDurableBillStore({
    dataDir,
    timeZone: ZONE,
    snapshotIntervalMs: 0,
    backupIntervalSeconds: 0,
  });
  store = opened;
  const table = new MemoryBillTable();
  const logger = testLogger();
  const makeEngine = () => journalEngine(opened, dataDir, table, { logger, now: () => NOW });
  engine = makeEngine();
  await engine.start();
  const ledger = new LedgerService(opened, new MemoryTillRepository(), ZONE, () => NOW);
  const sync = async () => expect((await engine!.syncNow()).ok).toBe(true);
  const drop = () =>
    opened.cleanup({
      today: '2026-11-27',
      retentionDays: 1,
      isDayConfirmed: (date) => engine!.isDayConfirmed(date),
    });
  /** A relay restart's sync: a new engine over the same DATA_DIR and table. */
  const restartSync = async () => {
    await engine!.stop();
    engine = makeEngine();
    await engine.start();
  };
  return { store: opened, table, logger, ledger, sync, drop, restartSync };
}

function sellDay(): Bill[] {
  return [
    makeBill({ number: 1, payment: { method: 'cash', tendered: 5000, change: 0 } }),
    makeBill({ number: 2 }),
    makeBill({ number: 3, payment: { method: 'card' } }),
    makeBill({ number: 4, status: 'void' }),
    makeBill({
      number: 5,
      kind: 'credit_note',
      items: [{ id: 'SKU-1', name: 'Coffee', price: -2500, quantity: 1 }],
      total: -2500,
    }),
  ];
}

const dayTotal = (bills: readonly Bill[]) => bills.reduce((sum, b) => sum + countedTotal(b), 0);

describe('a late version of a bill whose day was dropped locally', () => {
  it('leaves the SUMMARY, the report and the Z agreeing with the whole day', async () => {
    const rig = await setUp();
    const bills = sellDay();
    await rig.store.putMany(bills);
    const z = (await rig.ledger.close(DAY, { countedCash: 5000 })).z!;
    await rig.sync();
    expect((await rig.drop()).dropped).toEqual([{ date: DAY, billCount: 5 }]);
    expect(rig.store.shift(DAY).bills).toEqual([]);
    await rig.sync(); // passes the drop record
    // The sync of a restarted relay remembers the drop too (state.json).
    await rig.restartSync();

    const late = revise(bills[1]!, 3); // 5000 -> 7500
    await rig.store.putMany([late]);
    await rig.sync();

    const whole = [bills[0]!, late, ...bills.slice(2)];
    const expected = summarizeDay(whole);
    expect(rig.table.summaries.get(DAY)).toMatchObject(expected);
    expect(expected.total).toBe(dayTotal(whole));
    expect(rig.ledger.report(DAY, DAY, 'day').totals).toMatchObject({
      total: dayTotal(whole),
      count: 4, // non-void bills
    });
    // The Z keeps the figures it was printed with; the late version is listed beside it.
    const reprint = rig.ledger.zOf(DAY)!;
    expect(reprint.dayTotal).toBe(z.dayTotal);
    expect(reprint.dayTotal).toBe(dayTotal(bills));
    expect(reprint.lateBills).toEqual([late.id]);
    expect(reprint.dayTotal + late.total - bills[1]!.total).toBe(expected.total);
    // The day checks out against DynamoDB's bill items: confirmed, nothing called unknown.
    expect(rig.logger.lines.filter((line) => line.startsWith('error'))).toEqual([]);
    expect(engine!.isDayConfirmed(DAY)).toBe(true);

    // Dropped again, the figures stay, and a reprint still lists the late bill.
    expect((await rig.drop()).dropped).toEqual([{ date: DAY, billCount: 1 }]);
    await rig.sync();
    expect(rig.ledger.report(DAY, DAY, 'day').totals.total).toBe(dayTotal(whole));
    expect(rig.table.summaries.get(DAY)).toMatchObject(expected);
    expect(rig.ledger.zOf(DAY)!.lateBills).toEqual([late.id]);
    const reloaded = new LedgerBook(ZONE);
    reloaded.load(JSON.parse(JSON.stringify(rig.store.book.toJson())));
    expect(reloaded.lateDroppedOf(DAY)).toEqual([late.id]);
  });

  it('a late void and a late move to another day keep both days whole', async () => {
    const rig = await setUp();
    const bills = sellDay();
    await rig.store.putMany(bills);
    await rig.sync();
    await rig.drop();
    await rig.sync();

    const voided: Bill = { ...bills[0]!, version: 2, status: 'void' };
    const moved: Bill = { ...bills[2]!, version: 2, createdAt: '2026-11-26T17:00:00.000Z' };
    await rig.store.putMany([voided, moved]);
    await rig.sync();
    await rig.sync(); // the check deletes the moved bill's old copy from its first day

    const first = [voided, bills[1]!, bills[3]!, bills[4]!];
    expect(rig.table.summaries.get(DAY)).toMatchObject(summarizeDay(first));
    expect(rig.table.summaries.get('2026-11-26')).toMatchObject(summarizeDay([moved]));
    expect(rig.table.allBills().filter((item) => item.bill.id === moved.id)).toHaveLength(1);
    const report = rig.ledger.report(DAY, '2026-11-26', 'day');
    expect(report.rows.map((row) => [row.key, row.total])).toEqual([
      [DAY, dayTotal(first)],
      ['2026-11-26', moved.total],
    ]);
    expect(rig.logger.lines.filter((line) => line.startsWith('error'))).toEqual([]);
    expect(engine!.isDayConfirmed(DAY)).toBe(true);
  });

  it('a day closed only after cleanup dropped it gets the Z of the whole day', async () => {
    const rig = await setUp();
    const bills = sellDay();
    await rig.store.putMany(bills);
    await rig.sync();
    await rig.drop();
    expect(rig.store.shift(DAY).bills).toEqual([]);
    const late = revise(bills[1]!, 3);
    await rig.store.putMany([late]); // and a late version of one of them

    const outcome = await rig.ledger.close(DAY, { countedCash: 0 });
    expect(outcome.closed).toBe(true);
    const whole = [bills[0]!, late, ...bills.slice(2)];
    const expected = computeZ({
      zNumber: 1,
      date: DAY,
      closedAt: outcome.z!.closedAt,
      bills: whole,
      moves: [],
      countedCash: 0,
      previousGrandTotal: 0,
      chainHead: outcome.z!.chainHead,
      tillsWithUnsentBills: [],
    });
    expect(outcome.z).toEqual(expected);
    expect(outcome.z).toMatchObject({
      dayTotal: dayTotal(whole),
      voids: { count: 1 },
      refunds: { count: 1, total: 2500 },
      tills: { 'till-1': { firstNumber: 1, lastNumber: 5, billCount: 5 } },
    });
  });
});
