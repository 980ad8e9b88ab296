import { beforeEach, describe, expect, it } from 'vitest';
import {
  billHistory,
  BillVersionError,
  pruneUploadedBills,
  saveBill,
} from '../../src/db/bill-repository.js';
import type { TillDb } from '../../src/db/idb.js';
import {
  acknowledge,
  dueEntries,
  postpone,
  retryRejected,
  setAside,
  summarize,
  wakeAll,
} from '../../src/sync/outbox.js';
import { FIRST_RETRY_MS, MAX_RETRY_MS, retryDelay } from '../../src/sync/backoff.js';
import { freshIndexedDb, openTestDb, saleBill } from '../helpers.js';

const NOW = new Date('2026-11-27T15:00:00.000Z');
let db: TillDb;

beforeEach(async () => {
  freshIndexedDb();
  db = await openTestDb();
});

async function save(prices: number[]) {
  const bill = saleBill(prices);
  await saveBill(db, bill, { day: '2026-11-27', now: NOW });
  return bill;
}

describe('saving a bill', () => {
  it('writes the bill, its version and its outbox entry together, and clears the draft', async () => {
    await db.kvSet('draft', { v: 1, draft: { anything: true } });
    const bill = await save([2500, 1000]);
    expect((await db.get('bills', bill.id))?.location).toBe('till');
    expect(await billHistory(db, bill.id)).toHaveLength(1);
    expect(await dueEntries(db, NOW.getTime())).toMatchObject([{ id: bill.id, version: 1 }]);
    expect(await db.kvGet('draft')).toBeUndefined();
  });

  it('keeps every version and queues only the newest', async () => {
    const bill = await save([2500]);
    const v2 = {
      ...bill,
      version: 2,
      items: [...bill.items, { id: 'X', price: 100, quantity: 1 }],
      total: 2600,
    };
    await saveBill(db, v2, { day: '2026-11-27', now: NOW });
    expect((await billHistory(db, bill.id)).map((r) => r.version)).toEqual([1, 2]);
    expect(await db.getAll('outbox')).toMatchObject([{ id: bill.id, version: 2 }]);
  });

  it('refuses a version that is not above the saved one (a double submit)', async () => {
    const bill = await save([2500]);
    await expect(saveBill(db, bill, { day: '2026-11-27', now: NOW })).rejects.toBeInstanceOf(
      BillVersionError,
    );
    expect(await db.count('billVersions')).toBe(1);
  });
});

describe('outbox', () => {
  it('removes an entry on acknowledgement and marks the bill as at the relay', async () => {
    const bill = await save([2500]);
    await acknowledge(db, [{ id: bill.id, version: 1 }], NOW);
    expect(await db.count('outbox')).toBe(0);
    expect((await db.get('bills', bill.id))?.location).toBe('relay');
    expect(await db.kvGet('lastUpload')).toEqual({ v: 1, at: NOW.toISOString() });
  });

  it('keeps a newer version saved while the older one was in flight', async () => {
    const bill = await save([2500]);
    await saveBill(db, { ...bill, version: 2, status: 'void' }, { day: '2026-11-27', now: NOW });
    await acknowledge(db, [{ id: bill.id, version: 1 }], NOW);
    expect(await db.getAll('outbox')).toMatchObject([{ id: bill.id, version: 2 }]);
    expect((await db.get('bills', bill.id))?.location).toBe('till');
  });

  it('acknowledges a batch at once, keeping only the entries saved again meanwhile', async () => {
    const [a, b, c] = [await save([100]), await save([200]), await save([300])];
    await saveBill(db, { ...b, version: 2, status: 'void' }, { day: '2026-11-27', now: NOW });
    await acknowledge(
      db,
      [a, b, c].map((bill) => ({ id: bill.id, version: 1 })),
      NOW,
    );
    expect(await db.getAll('outbox')).toMatchObject([{ id: b.id, version: 2 }]);
    const places = await Promise.all(
      [a, b, c].map(async (bill) => (await db.get('bills', bill.id))?.location),
    );
    expect(places).toEqual(['relay', 'till', 'relay']);
  });

  it('sets a refused bill aside, out of the due list, visible in the summary', async () => {
    const refused = await save([2500]);
    const fine = await save([1000]);
    const rejection = { status: 422, code: 'invalid_bill', message: 'bad', at: NOW.toISOString() };
    await setAside(db, refused.id, 1, rejection);
    expect((await dueEntries(db, NOW.getTime())).map((e) => e.id)).toEqual([fine.id]);
    const summary = await summarize(db);
    expect(summary.waiting).toBe(1);
    expect(summary.rejected.map((e) => e.id)).toEqual([refused.id]);
    expect((await db.get('bills', refused.id))?.rejection).toEqual(rejection);

    await retryRejected(db, refused.id, NOW.getTime());
    expect((await dueEntries(db, NOW.getTime())).map((e) => e.id).sort()).toEqual(
      [refused.id, fine.id].sort(),
    );
    expect((await db.get('bills', refused.id))?.rejection).toBeUndefined();
  });

  it('backs off after failures and wakes everything when the network returns', async () => {
    const bill = await save([2500]);
    const t = NOW.getTime();
    await postpone(db, [{ id: bill.id, version: 1 }], 'offline', t, () => 0.5);
    expect(await dueEntries(db, t)).toEqual([]);
    expect(await dueEntries(db, t + FIRST_RETRY_MS)).toHaveLength(1);
    await postpone(db, [{ id: bill.id, version: 1 }], 'offline', t, () => 0.5);
    const [entry] = await db.getAll('outbox');
    expect(entry).toMatchObject({
      attempts: 2,
      nextAttemptAt: t + 2 * FIRST_RETRY_MS,
      lastError: 'offline',
    });
    await wakeAll(db, t);
    expect(await dueEntries(db, t)).toHaveLength(1);
  });
});

describe('retryDelay', () => {
  it('doubles from the first delay up to the cap, with ±20 % jitter', () => {
    expect(retryDelay(1, () => 0.5)).toBe(FIRST_RETRY_MS);
    expect(retryDelay(3, () => 0.5)).toBe(4 * FIRST_RETRY_MS);
    expect(retryDelay(30, () => 0.5)).toBe(MAX_RETRY_MS);
    expect(retryDelay(1, () => 0)).toBe(0.8 * FIRST_RETRY_MS);
    expect(retryDelay(1, () => 1)).toBe(1.2 * FIRST_RETRY_MS);
  });
});

describe('pruneUploadedBills', () => {
  it('drops old bills the relay holds, and keeps what is only here, refused or recent', async () => {
    const on = (day: string) => ({ day, now: NOW });
    const uploaded = saleBill([100]);
    const onlyHere = saleBill([200]);
    const refused = saleBill([300]);
    const recent = saleBill([500]);
    for (const bill of [uploaded, onlyHere, refused]) await saveBill(db, bill, on('2026-09-01'));
    await saveBill(db, recent, on('2026-11-20'));
    for (const bill of [uploaded, refused, recent])
      await acknowledge(db, [{ id: bill.id, version: 1 }], NOW);
    await saveBill(db, { ...refused, version: 2, status: 'void' }, on('2026-09-01'));
    await setAside(db, refused.id, 2, { status: 422, code: 'x', message: 'x', at: '' });

    expect(await pruneUploadedBills(db, '2026-10-23')).toBe(1);
    const left = (await db.getAll('bills')).map((r) => r.id).sort();
    expect(left).toEqual([onlyHere.id, refused.id, recent.id].sort());
    expect(await billHistory(db, uploaded.id)).toEqual([]);
    expect(await billHistory(db, refused.id)).toHaveLength(2);
  });
});
