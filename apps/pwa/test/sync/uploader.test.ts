import { beforeEach, describe, expect, it } from 'vitest';
import { createRelayClient } from '../../src/api/relay-client.js';
import { saveBill } from '../../src/db/bill-repository.js';
import type { TillDb } from '../../src/db/idb.js';
import { memoryLocks, UPLOAD_LOCK, type Locks } from '../../src/sync/locks.js';
import { summarize } from '../../src/sync/outbox.js';
import { drainOutbox } from '../../src/sync/uploader.js';
import { FakeRelay } from '../fake-relay.js';
import { freshIndexedDb, openTestDb, saleBill } from '../helpers.js';

let db: TillDb;
let relay: FakeRelay;
let locks: Locks;
let now = Date.parse('2026-11-27T15:00:00.000Z');

beforeEach(async () => {
  freshIndexedDb();
  db = await openTestDb();
  relay = new FakeRelay();
  locks = memoryLocks();
});

function drain(batchSize?: number) {
  return drainOutbox({
    db,
    locks,
    now: () => now,
    random: () => 0.5,
    batchSize,
    uploader: async () =>
      createRelayClient({ baseUrl: 'http://relay.test', token: relay.token, fetch: relay.fetch }),
  });
}

async function save(prices: number[]) {
  const bill = saleBill(prices);
  await saveBill(db, bill, { day: '2026-11-27', now: new Date(now) });
  return bill;
}

describe('drainOutbox', () => {
  it('uploads every waiting bill in batches and empties the outbox', async () => {
    const bills = [await save([100]), await save([200]), await save([300])];
    const report = await drain(2);
    expect(report).toMatchObject({ outcome: 'done', uploaded: 3, rejected: 0, waiting: 0 });
    expect(relay.uploads()).toBe(2);
    expect([...relay.bills.keys()].sort()).toEqual(bills.map((b) => b.id).sort());
    for (const bill of bills) expect((await db.get('bills', bill.id))?.location).toBe('relay');
  });

  it('keeps everything when the relay is unreachable, and sends it later', async () => {
    const bill = await save([100]);
    relay.offline = true;
    expect(await drain()).toMatchObject({ outcome: 'unreachable', uploaded: 0, waiting: 1 });
    relay.offline = false;
    // Backed off: not due yet.
    expect(await drain()).toMatchObject({ outcome: 'done', uploaded: 0, waiting: 1 });
    now += 60_000;
    expect(await drain()).toMatchObject({ outcome: 'done', uploaded: 1, waiting: 0 });
    expect(relay.bills.get(bill.id)).toEqual({ ...bill, number: 1 });
  });

  it('sends bills still backed off once the relay answers for another bill', async () => {
    const early = await save([100]);
    relay.offline = true;
    expect(await drain()).toMatchObject({ outcome: 'unreachable', waiting: 1 });
    relay.offline = false;
    const late = await save([200]); // due at once; the early one waits out its back-off
    expect(await drain()).toMatchObject({ outcome: 'done', uploaded: 2, waiting: 0 });
    expect([...relay.bills.keys()].sort()).toEqual([early.id, late.id].sort());
  });

  it('replays harmlessly when the acknowledgement was lost on the way back', async () => {
    const bill = await save([100]);
    relay.dropNextAnswer = true;
    expect(await drain()).toMatchObject({ outcome: 'unreachable', waiting: 1 });
    expect(relay.bills.size).toBe(1); // stored, but the till does not know
    now += 60_000;
    expect(await drain()).toMatchObject({ uploaded: 1, waiting: 0 });
    expect(relay.bills.size).toBe(1);
    expect(relay.bills.get(bill.id)?.version).toBe(1);
  });

  it('sets a refused bill aside and still delivers the others', async () => {
    const bad = await save([100]);
    const good = await save([200]);
    relay.refuse.set(bad.id, 422);
    expect(await drain()).toMatchObject({ outcome: 'done', uploaded: 1, rejected: 1, waiting: 0 });
    expect(relay.bills.has(good.id)).toBe(true);
    const summary = await summarize(db);
    expect(summary.rejected.map((e) => [e.id, e.rejection?.status])).toEqual([[bad.id, 422]]);
    // Set aside means set aside: the next drain does not send it again.
    const before = relay.uploads();
    await drain();
    expect(relay.uploads()).toBe(before);
  });

  it('never resends the version a 409 refused: the bill goes up as the next version', async () => {
    const bill = await save([100]);
    relay.bills.set(bill.id, {
      ...bill,
      total: 999,
      items: [{ id: 'x', price: 999, quantity: 1 }],
    });
    expect(await drain()).toMatchObject({ rejected: 0, waiting: 0 });
    const sent = relay.requests.filter((r) => r.path === '/api/v1/bills/batch');
    const versions = sent.map(
      (r) => (r.body as { bills: { version: number }[] }).bills[0]!.version,
    );
    expect(versions).toEqual([1, 2]);
    expect(relay.bills.get(bill.id)).toMatchObject({ version: 2, total: 100 });
  });

  it('postpones on a server error and stops on a refused token without touching entries', async () => {
    await save([100]);
    relay.failures.push(503);
    expect(await drain()).toMatchObject({ outcome: 'relay_error', waiting: 1 });
    const [postponed] = await db.getAll('outbox');
    expect(postponed?.attempts).toBe(1);

    now += 60_000;
    relay.failures.push(401);
    expect(await drain()).toMatchObject({ outcome: 'unauthorized', waiting: 1 });
    const [untouched] = await db.getAll('outbox');
    expect(untouched?.attempts).toBe(1);
  });

  it('halves a batch the relay finds too large', async () => {
    await save([100]);
    await save([200]);
    relay.failures.push(413);
    expect(await drain()).toMatchObject({ uploaded: 2, waiting: 0 });
    expect(relay.uploads()).toBe(3); // the refused pair, then one by one
  });

  it('does nothing while another uploader holds the lock', async () => {
    await save([100]);
    let release: () => void = () => {};
    const held = locks.tryWithLock(UPLOAD_LOCK, () => new Promise<void>((r) => (release = r)));
    expect(await drain()).toMatchObject({ outcome: 'busy', uploaded: 0, waiting: 1 });
    expect(relay.uploads()).toBe(0);
    release();
    await held;
    expect(await drain()).toMatchObject({ uploaded: 1 });
  });

  it('lets only one of two simultaneous uploaders send, and each bill arrives once', async () => {
    for (let i = 0; i < 5; i += 1) await save([100 + i]);
    const [a, b] = await Promise.all([drain(), drain()]);
    expect([a.outcome, b.outcome].sort()).toEqual(['busy', 'done']);
    expect(relay.bills.size).toBe(5);
    expect(relay.uploads()).toBe(1);
  });

  it('says so when the till is not paired', async () => {
    await save([100]);
    const report = await drainOutbox({
      db,
      locks,
      now: () => now,
      random: () => 0.5,
      uploader: async () => undefined,
    });
    expect(report).toMatchObject({ outcome: 'not_paired', waiting: 1 });
  });
});
