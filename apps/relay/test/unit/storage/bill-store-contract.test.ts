import { describe, expect, it } from 'vitest';
import type { Bill } from '@caja/models';
import type { BillStore } from '../../../src/storage/index.js';
import { MemoryBillStore } from '../../../src/storage/index.js';
import { billStoreContract } from './bill-store-contract.js';
import { TIME_ZONE, billOnDay, makeBill, openTestStore, tempDir } from './helpers.js';

billStoreContract('MemoryBillStore', async () => new MemoryBillStore(TIME_ZONE));
billStoreContract('DurableBillStore', () => openTestStore(tempDir()));

describe('DurableBillStore and MemoryBillStore', () => {
  it('answer a long mixed sequence identically, and so does the durable one reopened', async () => {
    const dir = tempDir();
    const stores: BillStore[] = [new MemoryBillStore(TIME_ZONE), await openTestStore(dir)];
    const batches: Bill[][] = [];
    for (let round = 0; round < 30; round++) {
      const n = (round * 7) % 11;
      batches.push([
        billOnDay(n, `2026-11-2${round % 5}`, { version: 1 + (round % 3) }),
        makeBill(n + 20, { status: round % 4 === 0 ? 'void' : 'closed' }),
        makeBill(n, { version: 1 + (round % 4), tillId: `till-${round % 2}` }),
      ]);
    }
    const answers = await Promise.all(
      stores.map(async (store) => {
        const results = [];
        for (const batch of batches) results.push(await store.putMany(batch));
        return results;
      }),
    );
    expect(answers[1]).toEqual(answers[0]);
    const view = (store: BillStore) => {
      const days = store.shifts('2026-01-01', '2026-12-31');
      return { days, shifts: days.map((day) => store.shift(day.date)) };
    };
    expect(view(stores[1]!)).toEqual(view(stores[0]!));
    await stores[1]!.close();
    const reopened = await openTestStore(dir);
    expect(view(reopened)).toEqual(view(stores[0]!));
    await reopened.close();
  });
});
