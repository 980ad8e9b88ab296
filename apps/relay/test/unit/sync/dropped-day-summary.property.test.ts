// Random bills (the models' own generator) over three days, synced, dropped by local cleanup,
// then late versions (another quantity, voided) and synced again: each day's SUMMARY in the table
// describes the day's newest versions, whole, and the relay's report agrees. (A late version that
// also moves the bill to another day leaves its old copy in DynamoDB when nothing else of the old
// day is held locally: the relay no longer knows that day; not covered here.)
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { countedTotal, type Bill } from '@caja/models';
import { billArbitrary } from '../../../../../packages/models/test/support/arbitraries.js';
import { MemoryTillRepository } from '../../../src/auth/till-repository.js';
import { LedgerService } from '../../../src/ledger/ledger-service.js';
import { openDurableBillStore, type DurableBillStore } from '../../../src/storage/index.js';
import { summarizeDay } from '../../../src/sync/digest.js';
import type { SyncEngine } from '../../../src/sync/engine.js';
import { MemoryBillTable } from './memory-table.js';
import { ZONE, journalEngine, tempDir, testLogger } from './helpers.js';

const DAYS = ['2026-11-23', '2026-11-24', '2026-11-25'];
const NOW = new Date('2026-11-27T20:00:00Z');

let store: DurableBillStore | undefined;
let engine: SyncEngine | undefined;
afterEach(async () => {
  await engine?.stop();
  await store?.close();
  engine = store = undefined;
});

const late = fc.record({
  pick: fc.nat(),
  quantity: fc.integer({ min: 1, max: 5 }),
  void: fc.boolean(),
});

/** The generated bill as one of this test's: its id, version 1, noon of one of the days. */
function placed(bill: Bill, n: number): Bill {
  // Numbers and refund links are other tests' business: random ones would only collide.
  const copy: Bill = {
    ...bill,
    id: `p${n}`,
    version: 1,
    createdAt: `${DAYS[n % 3]}T17:00:00.000Z`,
  };
  delete copy.number;
  delete copy.refundOf;
  return copy;
}

describe('SUMMARY of days dropped locally, after late versions', () => {
  it('is the whole day at its newest versions', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(billArbitrary, { minLength: 1, maxLength: 8 }),
        fc.array(late, { maxLength: 4 }),
        async (generated, lates) => {
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
          engine = journalEngine(opened, dataDir, table, {
            batchSize: 5,
            concurrency: 2,
            logger,
            now: () => NOW,
          });
          await engine.start();
          const sync = async () => expect((await engine!.syncNow()).ok).toBe(true);

          const newest = new Map<string, Bill>();
          const bills = generated.map(placed);
          for (const bill of bills) newest.set(bill.id, bill);
          await opened.putMany(bills);
          await sync();
          await opened.cleanup({
            today: '2026-11-27',
            retentionDays: 1,
            isDayConfirmed: (date) => engine!.isDayConfirmed(date),
          });
          expect(opened.shifts('0000-01-01', '9999-12-31')).toEqual([]);
          await sync();

          for (const change of lates) {
            const before = [...newest.values()][change.pick % newest.size]!;
            const items = before.items.map((item) => ({ ...item, quantity: change.quantity }));
            const next: Bill = {
              ...before,
              version: before.version + 1,
              items,
              total: items.reduce((sum, item) => sum + item.price * item.quantity, 0),
              status: change.void ? 'void' : before.status,
            };
            if (next.payment?.method === 'cash')
              next.payment = { method: 'cash', tendered: Math.max(0, next.total), change: 0 };
            newest.set(next.id, next);
            await opened.putMany([next]);
          }
          await sync();

          const ledger = new LedgerService(opened, new MemoryTillRepository(), ZONE, () => NOW);
          for (const date of DAYS) {
            const day = [...newest.values()].filter((bill) => bill.createdAt.startsWith(date));
            const inTable = table.allBills().filter((item) => item.date === date);
            expect(inTable.map((item) => item.bill.id).sort(), date).toEqual(
              day.map((bill) => bill.id).sort(),
            );
            const total = day.reduce((sum, bill) => sum + countedTotal(bill), 0);
            if (day.length > 0) {
              expect(table.summaries.get(date), date).toMatchObject({
                ...summarizeDay(inTable.map((item) => item.bill)),
                total,
                billCount: day.length,
              });
            }
            expect(ledger.report(date, date, 'day').totals.total, date).toBe(total);
          }
          expect(logger.lines.filter((line) => line.startsWith('error'))).toEqual([]);
          await engine.stop();
          await opened.close();
          engine = store = undefined;
        },
      ),
      { numRuns: 25 },
    );
  });
});
