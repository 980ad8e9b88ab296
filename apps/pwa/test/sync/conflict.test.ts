// 409 from the relay: the till reads the relay's copy from the answer and never strands a bill.
import { beforeEach, describe, expect, it } from 'vitest';
import { reviseBill, voidBill } from '@caja/models';
import { createRelayClient } from '../../src/api/relay-client.js';
import { billHistory, saveBill } from '../../src/db/bill-repository.js';
import type { TillDb } from '../../src/db/idb.js';
import { memoryLocks } from '../../src/sync/locks.js';
import {
  RETRY_REJECTED_AFTER_MS,
  setAside,
  summarize,
  wakeRejected,
} from '../../src/sync/outbox.js';
import { drainOutbox } from '../../src/sync/uploader.js';
import { FakeRelay } from '../fake-relay.js';
import { freshIndexedDb, openTestDb, saleBill } from '../helpers.js';

let db: TillDb;
let relay: FakeRelay;
const now = Date.parse('2026-11-27T15:00:00.000Z');

beforeEach(async () => {
  freshIndexedDb();
  db = await openTestDb();
  relay = new FakeRelay();
});

function drain(at = now) {
  return drainOutbox({
    db,
    locks: memoryLocks(),
    now: () => at,
    random: () => 0.5,
    uploader: async () =>
      createRelayClient({ baseUrl: 'http://relay.test', token: relay.token, fetch: relay.fetch }),
  });
}

describe('a 409 answer', () => {
  it('sends the cashier’s bill as the next version above the relay’s other content', async () => {
    const bill = saleBill([1000]);
    const saved = await saveBill(db, bill, { day: '2026-11-27', now: new Date(now) });
    // The relay already holds version 1 of this id with other content (a restored old disk).
    relay.bills.set(bill.id, {
      ...saved.bill,
      items: [{ id: 'X', price: 5, quantity: 1 }],
      total: 5,
    });
    const report = await drain();
    expect(report).toMatchObject({ rejected: 0, waiting: 0 });
    const atRelay = relay.bills.get(bill.id)!;
    expect(atRelay).toMatchObject({ version: 2, total: 1000, number: saved.bill.number });
    const record = await db.get('bills', bill.id);
    expect(record).toMatchObject({ location: 'relay', bill: { version: 2, total: 1000 } });
    expect(record?.rejection).toBeUndefined();
    expect((await billHistory(db, bill.id)).map((v) => v.version)).toEqual([1, 2]);
  });

  it('rebases a void the cashier made above a newer version at the relay', async () => {
    const bill = saleBill([1000]);
    const first = await saveBill(db, bill, { day: '2026-11-27', now: new Date(now) });
    await drain();
    const voided = voidBill(first.bill);
    if (!voided.ok) throw new Error('void refused');
    await saveBill(db, voided.value, { day: '2026-11-27', now: new Date(now) });
    // Meanwhile an administrator's tool wrote version 2 and 3 at the relay.
    const revised = reviseBill(first.bill, { items: [{ id: 'A', price: 700, quantity: 1 }] });
    if (!revised.ok) throw new Error('revise refused');
    relay.bills.set(bill.id, { ...revised.value, version: 3 });
    await drain();
    expect(relay.bills.get(bill.id)).toMatchObject({ version: 4, status: 'void' });
    expect((await summarize(db)).waiting).toBe(0);
  });

  it('adopts a newer relay copy of a first version the cashier never changed', async () => {
    const bill = saleBill([1000]);
    await saveBill(db, bill, { day: '2026-11-27', now: new Date(now) });
    const newer = {
      ...bill,
      version: 2,
      items: [{ id: 'B', price: 800, quantity: 1 }],
      total: 800,
    };
    relay.bills.set(bill.id, newer);
    const report = await drain();
    expect(report).toMatchObject({ uploaded: 1, rejected: 0, waiting: 0 });
    expect(await db.get('bills', bill.id)).toMatchObject({ location: 'relay', bill: newer });
    expect(relay.bills.get(bill.id)).toEqual(newer);
  });
});

describe('set-aside bills', () => {
  it('are offered to the relay again an hour after the refusal', async () => {
    const bill = saleBill([1000]);
    await saveBill(db, bill, { day: '2026-11-27', now: new Date(now) });
    await setAside(db, bill.id, 1, {
      status: 422,
      code: 'invalid_bill',
      message: 'Refused',
      at: new Date(now).toISOString(),
    });
    expect(await wakeRejected(db, now + RETRY_REJECTED_AFTER_MS - 1)).toBe(0);
    expect(await wakeRejected(db, now + RETRY_REJECTED_AFTER_MS)).toBe(1);
    expect((await summarize(db)).waiting).toBe(1);
    await drain(now + RETRY_REJECTED_AFTER_MS);
    expect(relay.bills.has(bill.id)).toBe(true);
  });
});
