import { describe, expect, it } from 'vitest';
import { MemoryBillStore } from '../../../src/storage/index.js';
import { MemoryBillTable } from './memory-table.js';
import { datesBetween } from '@caja/models';
import { recoverFromDynamo } from '../../../src/sync/recover.js';
import { loadState, stateFilePath } from '../../../src/sync/state-file.js';
import { ZONE, makeBill, revise, tempDir, testLogger } from './helpers.js';

const settings = {
  storeId: 'store-1',
  tableName: 'daily_shifts',
  endpoint: undefined,
  region: undefined,
  env: {},
  requestTimeoutMs: 1000,
  retry: { baseMs: 1, capMs: 1, attempts: 2 },
};

describe('recoverFromDynamo', () => {
  it('rebuilds the store from the days asked for, through its write path', async () => {
    const table = new MemoryBillTable();
    const a = makeBill({ createdAt: '2026-11-24T15:00:00Z' });
    const b = revise(makeBill({ createdAt: '2026-11-25T15:00:00Z' }), 3);
    const outside = makeBill({ createdAt: '2026-11-28T15:00:00Z' });
    await table.putBill('2026-11-24', a, 'x');
    await table.putBill('2026-11-25', b, 'x');
    await table.putBill('2026-11-28', outside, 'x');
    await table.putBill('2026-11-25', { ...makeBill(), total: 1 }, 'x'); // not a valid bill
    const store = new MemoryBillStore(ZONE);
    const dataDir = tempDir();

    const result = await recoverFromDynamo({
      store,
      dataDir,
      from: '2026-11-24',
      to: '2026-11-26',
      settings,
      logger: testLogger(),
      table,
    });

    expect(result).toMatchObject({ days: 3, daysWithBills: 2, bills: 2, created: 2 });
    expect(result.skipped).toHaveLength(1);
    expect(result.skipped[0]!.reason).toMatch(/total/);
    expect(store.get(a.id)?.bill).toEqual(a);
    expect(store.get(b.id)?.bill.version).toBe(2);
    expect(store.get(outside.id)).toBeUndefined();
    // The rebuilt journal came from DynamoDB: sync starts after it.
    const state = await loadState(stateFilePath(dataDir), testLogger());
    expect(state.confirmedLsn).toBe(2);
  });
});

describe('datesBetween', () => {
  it('lists calendar days inclusive, across months', () => {
    expect(datesBetween('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(() => datesBetween('2026-03-02', '2026-03-01')).toThrow(RangeError);
    expect(() => datesBetween('yesterday', '2026-03-01')).toThrow(RangeError);
  });
});
