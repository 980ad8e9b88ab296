// The BillStore contract, as a suite any implementation must pass: the in-memory twin and the
// durable store run the same cases (duplicate delivery, out-of-order versions, conflicts, and
// two clients at once, as Actual's asSecondClient tests do).
import type { Bill } from '@caja/models';
import { describe, expect, it } from 'vitest';
import type { StoredBill } from '@caja/models';
import type { BillStore, PutResult } from '../../../src/storage/index.js';
import { billOnDay, makeBill } from './helpers.js';

export function billStoreContract(name: string, open: () => Promise<BillStore>): void {
  describe(`BillStore contract: ${name}`, () => {
    async function withStore(run: (store: BillStore) => Promise<void>) {
      const store = await open();
      try {
        await run(store);
      } finally {
        await store.close();
      }
    }
    const one = async (store: BillStore, bill: Bill): Promise<PutResult> =>
      (await store.putMany([bill]))[0]!;

    it('creates a bill, then reads it back by id and in its shift', () =>
      withStore(async (store) => {
        const bill = makeBill(1);
        expect(await one(store, bill)).toEqual({
          ok: true,
          outcome: 'created',
          id: 'bill-1',
          version: 1,
          shiftDate: '2026-11-27',
          lsn: 1,
        });
        expect(store.get('bill-1')).toEqual({ bill, shiftDate: '2026-11-27', lsn: 1 });
        expect(store.shift('2026-11-27')).toMatchObject({ total: bill.total, billCount: 1 });
      }));

    it('answers a duplicate delivery with the stored LSN and writes nothing', () =>
      withStore(async (store) => {
        await one(store, makeBill(1));
        const again = await one(store, { ...makeBill(1) });
        expect(again).toMatchObject({ ok: true, outcome: 'duplicate', lsn: 1 });
        expect(await one(store, makeBill(2))).toMatchObject({ outcome: 'created', lsn: 2 });
      }));

    it('treats the same content with keys in another order as a duplicate', () =>
      withStore(async (store) => {
        const bill = makeBill(1);
        await one(store, bill);
        const reordered = Object.fromEntries(Object.entries(bill).reverse()) as unknown as Bill;
        expect(await one(store, reordered)).toMatchObject({ outcome: 'duplicate' });
      }));

    it('applies a newer version and refuses an older one that arrives late', () =>
      withStore(async (store) => {
        const v1 = makeBill(1);
        const v2 = makeBill(1, { version: 2, status: 'void' });
        expect(await one(store, v2)).toMatchObject({ outcome: 'created', version: 2 });
        expect(await one(store, v1)).toEqual({ ok: false, outcome: 'conflict', stored: v2 });
        const v3 = makeBill(1, { version: 3 });
        expect(await one(store, v3)).toMatchObject({ outcome: 'updated', version: 3, lsn: 2 });
        expect(store.get('bill-1')?.bill).toEqual(v3);
      }));

    it('refuses other content at the same version, holding the stored bill', () =>
      withStore(async (store) => {
        const stored = makeBill(1);
        await one(store, stored);
        const other = makeBill(1, { tillId: 'till-9' });
        expect(await one(store, other)).toEqual({ ok: false, outcome: 'conflict', stored });
      }));

    it('stores the same bill sent by two clients at once exactly once', () =>
      withStore(async (store) => {
        const bill = makeBill(7);
        const [first, second] = await Promise.all([
          store.putMany([bill]),
          store.putMany([{ ...bill }]),
        ]);
        const outcomes = [first![0]!, second![0]!].map((r) => r.outcome).sort();
        expect(outcomes).toEqual(['created', 'duplicate']);
        expect(first![0]).toMatchObject({ lsn: 1 });
        expect(second![0]).toMatchObject({ lsn: 1 });
        expect(store.shift(first![0]!.ok ? first![0]!.shiftDate : '').billCount).toBe(1);
      }));

    it('lets exactly one of two different contents at one version win, racing', () =>
      withStore(async (store) => {
        const a = makeBill(7, { tillId: 'till-a' });
        const b = makeBill(7, { tillId: 'till-b' });
        const [ra, rb] = (await Promise.all([store.putMany([a]), store.putMany([b])])).map(
          (results) => results[0]!,
        );
        expect(ra).toMatchObject({ outcome: 'created' });
        expect(rb).toEqual({ ok: false, outcome: 'conflict', stored: a });
      }));

    it('orders versions inside one batch and answers per bill in order', () =>
      withStore(async (store) => {
        const results = await store.putMany([
          makeBill(1),
          makeBill(1),
          makeBill(1, { version: 2 }),
          makeBill(2),
          makeBill(1),
        ]);
        expect(results.map((r) => r.outcome)).toEqual([
          'created',
          'duplicate',
          'updated',
          'created',
          'conflict',
        ]);
        expect(results.map((r) => (r.ok ? r.lsn : 0))).toEqual([1, 1, 2, 3, 0]);
      }));

    it('gives an empty shift for a day without bills and lists only days with bills', () =>
      withStore(async (store) => {
        expect(store.shift('2026-11-20')).toEqual({
          date: '2026-11-20',
          bills: [],
          total: 0,
          billCount: 0,
          byTill: {},
        });
        await store.putMany([
          billOnDay(1, '2026-11-25'),
          billOnDay(2, '2026-11-27'),
          billOnDay(3, '2026-11-27', { status: 'void' }),
          billOnDay(4, '2026-11-29'),
        ]);
        const day27 = store.shift('2026-11-27');
        expect(day27.billCount).toBe(2);
        expect(day27.total).toBe(billOnDay(2, '2026-11-27').total); // a void bill counts zero
        expect(store.shifts('2026-11-26', '2026-11-29')).toEqual([
          { date: '2026-11-27', total: day27.total, billCount: 2 },
          { date: '2026-11-29', total: billOnDay(4, '2026-11-29').total, billCount: 1 },
        ]);
      }));

    it('moves a bill between days when a new version changes its createdAt', () =>
      withStore(async (store) => {
        await store.putMany([billOnDay(1, '2026-11-25')]);
        await store.putMany([billOnDay(1, '2026-11-26', { version: 2 })]);
        expect(store.shifts('2026-11-01', '2026-11-30').map((s) => s.date)).toEqual(['2026-11-26']);
        expect(store.shift('2026-11-25').billCount).toBe(0);
        expect(store.get('bill-1')?.shiftDate).toBe('2026-11-26');
      }));

    it('tells subscribers about each stored new version, until they unsubscribe', () =>
      withStore(async (store) => {
        const seen: StoredBill[] = [];
        const unsubscribe = store.subscribe((change) => seen.push(change));
        await store.putMany([makeBill(1), makeBill(1), makeBill(1, { version: 2 })]);
        unsubscribe();
        await store.putMany([makeBill(2)]);
        expect(seen.map((change) => [change.bill.id, change.bill.version, change.lsn])).toEqual([
          ['bill-1', 1, 1],
          ['bill-1', 2, 2],
        ]);
      }));
  });
}
