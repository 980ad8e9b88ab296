// Hardening: other content at the same version in DynamoDB is a conflict, never "synced"; two
// relays on one store are noticed; a bill moved to another day leaves no copy in its old day.
import { afterEach, describe, expect, it } from 'vitest';
import { makeBill, makeRig, type Rig } from './helpers.js';

let rig: Rig;
afterEach(async () => rig.engine.stop());

const PAST = '2026-11-25';

/** DynamoDB already holds `bill`'s id and version, with another line name (a second relay). */
function plantOtherContent(bill: ReturnType<typeof makeBill>) {
  const other = { ...bill, items: [{ ...bill.items[0]!, name: 'Not what the till sold' }] };
  rig.table.days.set(PAST, new Map([[bill.id, { bill: other, syncedAt: 'earlier' }]]));
  return other;
}

describe('same id and version, other content in DynamoDB', () => {
  it('is a conflict: not synced, the day never confirmed, health and an alert say so', async () => {
    rig = makeRig();
    await rig.engine.start();
    const bill = makeBill();
    const other = plantOtherContent(bill);
    const fine = makeBill();
    await rig.store.putMany([bill, fine]);

    const run = await rig.engine.syncNow();
    expect(run).toMatchObject({ ok: true, written: 1, conflicts: 1 });
    expect(rig.engine.billSyncState(bill.id)).toBe('conflict');
    expect(rig.engine.billSyncState(fine.id)).toBe('synced');
    expect(rig.engine.status()).toMatchObject({ conflicts: 1, pendingBills: 0 });
    expect(rig.engine.isDayConfirmed(PAST)).toBe(false);
    expect(rig.table.summaries.has(PAST)).toBe(false); // a SUMMARY would describe a lie
    expect(rig.alerts).toContainEqual(
      expect.objectContaining({ event: 'sync.conflict', billId: bill.id, version: 1 }),
    );
    // DynamoDB's copy is untouched: nothing is overwritten without an admin.
    expect(rig.table.days.get(PAST)!.get(bill.id)!.bill).toEqual(other);

    // Further runs and a restart keep it (it is in state.json), and cleanup never gets the day.
    await rig.engine.syncNow();
    await rig.engine.stop();
    rig.restart();
    await rig.engine.start();
    await rig.engine.syncNow();
    expect(rig.engine.conflicts().map((conflict) => conflict.id)).toEqual([bill.id]);
    expect(rig.engine.isDayConfirmed(PAST)).toBe(false);
  });

  it('is resolved by an admin keeping both versions on record', async () => {
    rig = makeRig();
    await rig.engine.start();
    const bill = makeBill();
    const other = plantOtherContent(bill);
    await rig.store.putMany([bill]);
    await rig.engine.syncNow();

    expect(await rig.engine.resolveConflict('no-such-bill')).toBe('not-found');
    expect(await rig.engine.resolveConflict(bill.id)).toBe('resolved');
    expect(rig.table.setAside).toEqual([expect.objectContaining({ date: PAST, bill: other })]);
    expect(rig.table.days.get(PAST)!.get(bill.id)!.bill).toEqual(rig.store.get(bill.id)!.bill);
    expect(rig.engine.conflicts()).toEqual([]);

    await rig.engine.syncNow();
    expect(rig.engine.billSyncState(bill.id)).toBe('synced');
    expect(rig.engine.isDayConfirmed(PAST)).toBe(true);
  });

  it('found by the consistency check (a replaced item) is a conflict too', async () => {
    rig = makeRig();
    await rig.engine.start();
    const bill = makeBill();
    await rig.store.putMany([bill, makeBill()]);
    await rig.engine.syncNow();
    expect(rig.engine.isDayConfirmed(PAST)).toBe(true);

    plantOtherContent(bill); // e.g. an old disk restored on another relay wrote it again
    rig.clock.advance(61_000); // past checkIntervalMs: the SUMMARY is compared again
    rig.table.summaries.set(PAST, { total: 0, billCount: 0, digest: 'x', updatedAt: 'later' });
    await rig.engine.syncNow();
    expect(rig.engine.billSyncState(bill.id)).toBe('conflict');
    expect(rig.engine.isDayConfirmed(PAST)).toBe(false);
  });
});

describe('two relays writing one store', () => {
  it('is noticed when another instance rewrote a SUMMARY this relay wrote', async () => {
    rig = makeRig();
    await rig.engine.start();
    await rig.store.putMany([makeBill()]);
    await rig.engine.syncNow();
    const mine = rig.table.summaries.get(PAST)!;
    expect(mine.writerId).toMatch(/^[0-9a-f-]{36}$/);
    expect(rig.engine.status().otherWriter).toBeNull();

    rig.table.summaries.set(PAST, { ...mine, writerId: 'relay-b', digest: 'other' });
    rig.clock.advance(61_000);
    await rig.engine.syncNow();
    expect(rig.engine.status().otherWriter).toContain('relay-b');
    expect(rig.alerts).toContainEqual(
      expect.objectContaining({ event: 'sync.other-writer', writerId: 'relay-b', date: PAST }),
    );
  });

  it('is noticed when this relay replaces a SUMMARY another one wrote since it started', async () => {
    rig = makeRig();
    // Written before this relay started (e.g. by the instance whose DATA_DIR it was rebuilt
    // from): not a live second writer.
    const before = new Date(rig.clock.now().getTime() - 60_000).toISOString();
    rig.table.summaries.set(PAST, {
      ...{ total: 0, billCount: 0, digest: 'x', writerId: 'relay-old', updatedAt: before },
    });
    await rig.engine.start();
    await rig.store.putMany([makeBill()]);
    await rig.engine.syncNow();
    expect(rig.engine.status().otherWriter).toBeNull();

    // Another relay writes the day meanwhile; this relay never checks it again (no interval
    // passed), but its next SUMMARY write replaces that one and sees who wrote it.
    rig.clock.advance(1_000);
    rig.table.summaries.set(PAST, {
      ...rig.table.summaries.get(PAST)!,
      writerId: 'relay-b',
      updatedAt: rig.clock.now().toISOString(),
    });
    await rig.store.putMany([makeBill()]);
    await rig.engine.syncNow();
    expect(rig.engine.status().otherWriter).toContain('relay-b');
    expect(rig.alerts).toContainEqual(
      expect.objectContaining({ event: 'sync.other-writer', writerId: 'relay-b', date: PAST }),
    );
  });
});

describe('a bill moved to another day', () => {
  it('leaves no copy in its old day, even when no other local bill is left there', async () => {
    rig = makeRig();
    await rig.engine.start();
    const bill = makeBill({ createdAt: '2026-11-24T17:00:00.000Z' });
    await rig.store.putMany([bill]);
    await rig.engine.syncNow();
    expect(rig.table.days.get('2026-11-24')?.has(bill.id)).toBe(true);

    // Version 2 of the bill belongs to the 25th: the 24th has no local bill any more.
    await rig.store.putMany([{ ...bill, version: 2, createdAt: '2026-11-25T17:00:00.000Z' }]);
    await rig.engine.syncNow();

    expect(rig.table.days.get('2026-11-24')?.has(bill.id)).toBe(false);
    expect(rig.table.days.get(PAST)?.get(bill.id)?.bill.version).toBe(2);
    const total = [...rig.table.summaries.values()].reduce((sum, day) => sum + day.total, 0);
    expect(total).toBe(bill.total); // the shop's total counts it once
    expect(rig.table.summaries.get('2026-11-24')).toMatchObject({ billCount: 0, total: 0 });
    expect(rig.engine.isDayConfirmed(PAST)).toBe(true);
  });
});
