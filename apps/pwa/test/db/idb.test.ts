import { beforeEach, describe, expect, it } from 'vitest';
import { reactive } from 'vue';
import { plain, TillDb } from '../../src/db/idb.js';
import { MIGRATIONS, type Migration } from '../../src/db/schema.js';
import { freshIndexedDb, openTestDb, saleBill } from '../helpers.js';

beforeEach(freshIndexedDb);

describe('TillDb', () => {
  it('creates every store of the current schema', async () => {
    const db = await openTestDb();
    expect(db.version).toBe(MIGRATIONS.length);
    expect(await db.count('bills')).toBe(0);
    expect(await db.count('outbox')).toBe(0);
    db.close();
  });

  it('runs only the migrations above the stored version, keeping data', async () => {
    const first: Migration = { version: 1, up: (db) => void db.createObjectStore('kv') };
    const upgraded: number[] = [];
    const v1 = await TillDb.open({ name: 'm', onError: () => {}, migrations: [first] });
    await v1.kvSet('lastUpload', { v: 1, at: '2026-11-27T15:00:00.000Z' });
    v1.close();

    const second: Migration = {
      version: 2,
      up: (db, tx) => {
        upgraded.push(2);
        db.createObjectStore('outbox', { keyPath: 'id' });
        // A data migration reads and rewrites inside the upgrade transaction.
        void tx.objectStore('kv').put({ v: 1, at: '2026-11-28T00:00:00.000Z' }, 'lastUpload');
      },
    };
    const v2 = await TillDb.open({ name: 'm', onError: () => {}, migrations: [first, second] });
    expect(v2.version).toBe(2);
    expect(upgraded).toEqual([2]);
    expect(await v2.kvGet('lastUpload')).toEqual({ v: 1, at: '2026-11-28T00:00:00.000Z' });
    v2.close();
  });

  it('stores Vue reactive objects as plain data', async () => {
    const db = await openTestDb();
    const bill = reactive(saleBill([1000, 2000]));
    bill.items.push({ id: 'extra', price: 500, quantity: 2 });
    const record = reactive({
      id: bill.id,
      bill,
      day: '2026-11-27',
      location: 'till' as const,
      savedAt: 'x',
    });
    await db.put('bills', record);
    const stored = await db.get('bills', bill.id);
    expect(stored?.bill.items).toHaveLength(3);
    expect(stored?.bill.items[2]).toEqual({ id: 'extra', price: 500, quantity: 2 });
    db.close();
  });

  it('plain() copies nested proxies and leaves dates and primitives alone', () => {
    const when = new Date(0);
    const value = reactive({ list: [reactive({ a: 1 })], when, n: 3 });
    const copy = plain(value);
    expect(copy).toEqual({ list: [{ a: 1 }], when, n: 3 });
    expect(copy.list[0]).not.toBe(value.list[0]);
  });

  it('reports a failed write to the handler, rethrows, and writes nothing of the transaction', async () => {
    const errors: unknown[] = [];
    const db = await openTestDb(errors);
    const bill = saleBill([100]);
    await expect(
      db.transact(
        ['bills', 'outbox'],
        async (tx) => {
          await tx.put('outbox', {
            id: bill.id,
            version: 1,
            bill,
            enqueuedAt: 0,
            attempts: 0,
            nextAttemptAt: 0,
            state: 'waiting',
          });
          // A record without its key path: IndexedDB refuses it (DataError).
          await tx.put('bills', { bill } as never);
        },
        { durability: 'strict' },
      ),
    ).rejects.toThrow();
    expect(errors).toHaveLength(1);
    expect(await db.count('outbox')).toBe(0);
    db.close();
  });
});
