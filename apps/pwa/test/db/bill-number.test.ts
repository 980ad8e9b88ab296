// Bill numbers: given in the save transaction, gapless per till, the same across versions.
import { reviseBill, voidBill } from '@caja/models';
import { beforeEach, describe, expect, it } from 'vitest';
import { highestBillNumber, saveBill } from '../../src/db/bill-repository.js';
import type { TillDb } from '../../src/db/idb.js';
import { freshIndexedDb, openTestDb, saleBill } from '../helpers.js';

let db: TillDb;
const options = { day: '2026-11-27', now: new Date('2026-11-27T15:00:00.000Z') };

beforeEach(async () => {
  freshIndexedDb();
  db = await openTestDb();
});

describe('bill numbers', () => {
  it('numbers new bills 1, 2, 3 and keeps a bill’s number across its versions', async () => {
    const first = await saveBill(db, saleBill([100]), options);
    const second = await saveBill(db, saleBill([200]), options);
    const revised = reviseBill(first.bill, { items: [{ id: 'A', price: 150, quantity: 1 }] });
    if (!revised.ok) throw new Error('revise refused');
    const v2 = await saveBill(db, revised.value, options);
    const voided = voidBill(v2.bill);
    if (!voided.ok) throw new Error('void refused');
    const v3 = await saveBill(db, voided.value, options);
    const third = await saveBill(db, saleBill([300]), options);
    expect([first, second, v2, v3, third].map((r) => r.bill.number)).toEqual([1, 2, 1, 1, 3]);
    expect(await highestBillNumber(db, 'till-7')).toBe(3);
    expect((await db.get('outbox', first.id))?.bill.number).toBe(1);
  });

  it('clears the draft and remembers the bill as the last saved in the same transaction', async () => {
    await db.kvSet('draft', { v: 1, draft: { bill: saleBill([100]), original: null } });
    const saved = await saveBill(db, saleBill([100]), options);
    expect(await db.kvGet('draft')).toBeUndefined();
    expect(await db.kvGet('lastPrintedBillId')).toEqual({ v: 1, id: saved.id });
    const later = await saveBill(db, saleBill([200]), options);
    // A refused save (a double submit of the first bill) leaves both as they were.
    await db.kvSet('draft', { v: 1, draft: { bill: saved.bill, original: null } });
    await expect(saveBill(db, saved.bill, options)).rejects.toThrow(/already has version/);
    expect(await db.kvGet('draft')).toBeDefined();
    expect(await db.kvGet('lastPrintedBillId')).toEqual({ v: 1, id: later.id });
  });

  it('uses no number when the save fails: the next bill takes it', async () => {
    const bill = saleBill([100]);
    await saveBill(db, bill, options);
    // A double submit of the same version is refused inside the transaction.
    await expect(saveBill(db, bill, options)).rejects.toThrow(/already has version/);
    const next = await saveBill(db, saleBill([200]), options);
    expect(next.bill.number).toBe(2);
  });

  it('gives concurrent saves distinct, gapless numbers', async () => {
    const saved = await Promise.all(
      Array.from({ length: 20 }, (_, i) => saveBill(db, saleBill([i + 1]), options)),
    );
    const numbers = saved.map((record) => record.bill.number).sort((a, b) => a! - b!);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('starts a re-paired till (a new tillId) at 1, and keeps the old till’s bills numbered', async () => {
    const old = [
      await saveBill(db, saleBill([100]), options),
      await saveBill(db, saleBill([200]), options),
    ];
    const repaired = await saveBill(db, { ...saleBill([300]), tillId: 'till-8' }, options);
    const next = await saveBill(db, { ...saleBill([400]), tillId: 'till-8' }, options);
    expect(old.map((r) => r.bill.number)).toEqual([1, 2]);
    expect([repaired.bill.number, next.bill.number]).toEqual([1, 2]);
    expect(await highestBillNumber(db, 'till-8')).toBe(2);
    expect(await highestBillNumber(db, 'till-7')).toBe(0);
    // A bill of the old till modified after the re-pairing keeps its number.
    const revised = reviseBill(old[0]!.bill, { items: [{ id: 'A', price: 150, quantity: 1 }] });
    if (!revised.ok) throw new Error('revise refused');
    expect((await saveBill(db, revised.value, options)).bill.number).toBe(1);
  });
});
