// SUMMARY items and the consistency check that decides isDayConfirmed.
import { afterEach, describe, expect, it } from 'vitest';
import { compareDay } from '../../../src/sync/days.js';
import { summarizeDay } from '../../../src/sync/digest.js';
import { makeBill, makeRig, revise, type Rig } from './helpers.js';

let rig: Rig;
afterEach(async () => rig.engine.stop());

const PAST = '2026-11-25';
const TODAY = '2026-11-27'; // the fake clock: 2026-11-27T20:00Z, 15:00 in Bogotá

describe('SUMMARY items', () => {
  it('are written for each touched day with total, count and digest of its bills', async () => {
    rig = makeRig();
    await rig.engine.start();
    const today = makeBill({ createdAt: '2026-11-27T19:00:00Z' });
    const voided = makeBill({ status: 'void' });
    await rig.store.putMany([makeBill(), voided, today]);
    await rig.engine.syncNow();

    const local = summarizeDay(rig.store.shift(PAST).bills);
    expect(rig.table.summaries.get(PAST)).toMatchObject({ ...local, billCount: 2, total: 5000 });
    expect(rig.table.summaries.get(TODAY)).toMatchObject(summarizeDay([today]));
  });

  it('are rewritten only for days that changed', async () => {
    rig = makeRig();
    await rig.engine.start();
    await rig.store.putMany([makeBill(), makeBill({ createdAt: '2026-11-27T19:00:00Z' })]);
    await rig.engine.syncNow();
    const written = rig.table.requests.putSummary;
    await rig.store.putMany([makeBill({ createdAt: '2026-11-27T19:30:00Z' })]);
    await rig.engine.syncNow();
    expect(rig.table.requests.putSummary).toBe(written + 1);
  });
});

describe('isDayConfirmed', () => {
  it('is true for a past day only after its bills were read back and matched', async () => {
    rig = makeRig();
    await rig.engine.start();
    await rig.store.putMany([makeBill(), makeBill()]);
    expect(rig.engine.isDayConfirmed(PAST)).toBe(false);
    await rig.engine.syncNow();
    expect(rig.table.requests.queryDay).toBe(1);
    expect(rig.engine.isDayConfirmed(PAST)).toBe(true);
  });

  it('is never true for today, which keeps changing', async () => {
    rig = makeRig();
    await rig.engine.start();
    await rig.store.putMany([makeBill({ createdAt: '2026-11-27T19:00:00Z' })]);
    await rig.engine.syncNow();
    expect(rig.engine.isDayConfirmed(TODAY)).toBe(false);
  });

  it('turns false as soon as a late bill arrives for that day', async () => {
    rig = makeRig();
    await rig.engine.start();
    await rig.store.putMany([makeBill()]);
    await rig.engine.syncNow();
    expect(rig.engine.isDayConfirmed(PAST)).toBe(true);
    await rig.store.putMany([makeBill()]);
    expect(rig.engine.isDayConfirmed(PAST)).toBe(false);
    await rig.engine.syncNow();
    expect(rig.engine.isDayConfirmed(PAST)).toBe(true);
  });

  it('re-checks confirmed days through their SUMMARY once the check interval passed', async () => {
    rig = makeRig({ checkIntervalMs: 60_000 });
    await rig.engine.start();
    await rig.store.putMany([makeBill()]);
    await rig.engine.syncNow();
    const reads = rig.table.requests.getSummary;
    await rig.engine.syncNow();
    expect(rig.table.requests.getSummary).toBe(reads);
    rig.clock.advance(61_000);
    await rig.engine.syncNow();
    expect(rig.table.requests.getSummary).toBe(reads + 1);
    expect(rig.table.requests.queryDay).toBe(1);
  });
});

describe('repairs', () => {
  it('requeues a bill deleted from DynamoDB and confirms the day again', async () => {
    rig = makeRig({ checkIntervalMs: 1000 });
    await rig.engine.start();
    const bills = [makeBill(), makeBill(), makeBill()];
    await rig.store.putMany(bills);
    await rig.engine.syncNow();
    // Someone deletes a bill item and the SUMMARY goes stale with it.
    rig.table.days.get(PAST)!.delete(bills[1]!.id);
    rig.table.summaries.set(PAST, { ...summarizeDay([bills[0]!, bills[2]!]), updatedAt: 'x' });
    rig.clock.advance(2000);

    const check = await rig.engine.syncNow();
    expect(check.billsRequeued).toBe(1);
    expect(rig.engine.isDayConfirmed(PAST)).toBe(false);
    expect(rig.engine.status().pendingBills).toBe(1);

    await rig.engine.syncNow();
    expect(rig.table.days.get(PAST)!.has(bills[1]!.id)).toBe(true);
    expect(rig.engine.isDayConfirmed(PAST)).toBe(true);
    expect(rig.table.summaries.get(PAST)).toMatchObject(summarizeDay(bills));
  });

  it('requeues a bill that DynamoDB holds at an older version', async () => {
    rig = makeRig({ checkIntervalMs: 1000 });
    await rig.engine.start();
    const bill = makeBill();
    await rig.store.putMany([bill, makeBill()]);
    await rig.store.putMany([revise(bill, 3)]);
    await rig.engine.syncNow();
    expect(rig.engine.isDayConfirmed(PAST)).toBe(true);
    // DynamoDB goes back to version 1 of the bill (a restore of the table), SUMMARY included.
    const day = rig.table.days.get(PAST)!;
    day.set(bill.id, { bill, syncedAt: 'x' });
    const regressed = [...day.values()].map((item) => item.bill);
    rig.table.summaries.set(PAST, { ...summarizeDay(regressed), updatedAt: 'x' });
    rig.clock.advance(2000);

    const check = await rig.engine.syncNow();
    expect(check.billsRequeued).toBe(1);
    await rig.engine.syncNow();
    expect(day.get(bill.id)!.bill.version).toBe(2);
    expect(rig.engine.isDayConfirmed(PAST)).toBe(true);
  });

  it('writes a missing SUMMARY when the bills already match', async () => {
    rig = makeRig();
    await rig.engine.start();
    await rig.store.putMany([makeBill()]);
    await rig.engine.syncNow();
    rig.table.summaries.clear();
    await rig.engine.stop();
    rig.restart(); // confirmations live in memory: a restart checks every past day again
    await rig.engine.start();
    await rig.engine.syncNow();
    expect(rig.table.summaries.has(PAST)).toBe(true);
    expect(rig.engine.isDayConfirmed(PAST)).toBe(true);
  });
});

describe('compareDay', () => {
  it('sorts remote differences into missing, newer, strays and unknown', () => {
    const a = makeBill();
    const b = makeBill();
    const c = makeBill();
    const moved = makeBill();
    const stranger = makeBill();
    const store = {
      get: (id: string) =>
        id === moved.id ? { bill: revise(moved, 2), shiftDate: '2026-11-26', lsn: 9 } : undefined,
    };
    const result = compareDay(
      [a, b, c],
      [revise(a, 2), { ...b, version: 0 }, moved, stranger],
      store,
      PAST,
    );
    expect(result.missing.map((bill) => bill.id)).toEqual([b.id, c.id]);
    expect(result.newerRemotely.map((bill) => bill.id)).toEqual([a.id]);
    expect(result.strays.map((bill) => bill.id)).toEqual([moved.id]);
    expect(result.unknown.map((bill) => bill.id)).toEqual([stranger.id]);
  });
});
