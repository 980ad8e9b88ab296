// The exporter's rule on a fake clock: a closed day is exported at its close, a past day that is
// confirmed in DynamoDB but never closed from 06:00 the next morning (store time), a day not yet
// confirmed not at all, and a day whose bills change after its export (late bills) again.
import { describe, expect, it } from 'vitest';
import { computeZ, makeShift, type Bill, type ZReport } from '@caja/models';
import { DayExporter } from '../../../src/exports/exporter.js';
import type { ObjectStore } from '../../../src/exports/object-store.js';
import { ResilientCaller } from '../../../src/sync/resilience.js';
import { FakeClock, ZONE, makeBill, tempDir, testLogger } from '../sync/helpers.js';

/** The bucket's in-memory twin: the last body under each key, and every put in order. */
class MemoryObjects implements ObjectStore {
  readonly objects = new Map<string, string>();
  readonly puts: string[] = [];
  async put(key: string, body: string): Promise<void> {
    this.objects.set(key, body);
    this.puts.push(key);
  }
  async get(key: string): Promise<string | undefined> {
    return this.objects.get(key);
  }
  close(): void {}
}

/** Bogotá is UTC-5 all year: local 05:59 on the 9th is 10:59Z. */
const local = (date: string, time: string) => Date.parse(`${date}T${time}:00-05:00`);

function rig() {
  const clock = new FakeClock(local('2026-11-09', '05:30'));
  const days = new Map<string, Bill[]>();
  const confirmed = new Set<string>();
  /** Days local cleanup dropped (their bills left `days`). */
  const dropped = new Set<string>();
  const zs = new Map<string, ZReport>();
  const objects = new MemoryObjects();
  const exporter = new DayExporter({
    storeId: 'store-7',
    bucket: 'exports',
    timeZone: ZONE,
    objects,
    caller: new ResilientCaller(
      { baseMs: 1, capMs: 1, attempts: 2 },
      { consecutiveFailures: 5, cooldownMs: 1000 },
      () => 0,
      async () => {},
    ),
    source: {
      shift: (date) => makeShift(date, days.get(date) ?? []),
      shifts: (from, to) =>
        [...days.keys()].filter((date) => date >= from && date <= to).map((date) => ({ date })),
      isDayConfirmed: (date) => confirmed.has(date),
      isDropped: (date) => dropped.has(date),
      knows: (id) => [...days.values()].some((bills) => bills.some((bill) => bill.id === id)),
    },
    closed: { zOf: (date) => zs.get(date) },
    dataDir: tempDir(),
    now: clock.now,
    logger: testLogger(),
  });
  const addBill = (date: string, time: string) => {
    const bill = makeBill({ createdAt: new Date(local(date, time)).toISOString() });
    days.set(date, [...(days.get(date) ?? []), bill]);
    return bill;
  };
  const close = (date: string) => {
    const z = computeZ({
      zNumber: zs.size + 1,
      date,
      closedAt: clock.now().toISOString(),
      bills: days.get(date) ?? [],
      moves: [],
      countedCash: 0,
      previousGrandTotal: 0,
      chainHead: 'head',
    });
    zs.set(date, z);
    return z;
  };
  /** Runs the exporter; the days (json keys' dates) it wrote this time. */
  const run = async () => {
    const before = objects.puts.length;
    await exporter.runOnce();
    return objects.puts
      .slice(before)
      .filter((key) => key.endsWith('.json'))
      .map((key) => key.slice(-15, -5));
  };
  const exported = (date: string) => {
    const body = objects.objects.get(
      `store-7/${date.slice(0, 4)}/${date.slice(5, 7)}/${date}.json`,
    );
    return body === undefined
      ? undefined
      : (JSON.parse(body) as {
          z: ZReport | null;
          shift: { bills: Bill[]; total: number; billCount: number };
        });
  };
  /** Local cleanup: the day's bills go, the day is remembered as dropped. */
  const drop = (date: string) => {
    days.delete(date);
    dropped.add(date);
  };
  return { clock, days, confirmed, exporter, addBill, close, run, exported, drop };
}

describe('S3 export: which days, when', () => {
  it('exports a past confirmed unclosed day from 06:00 the next morning, never an unconfirmed one', async () => {
    const r = rig();
    r.addBill('2026-11-08', '14:00'); // yesterday at 05:30 on the 9th, confirmed, never closed
    r.addBill('2026-11-07', '10:00'); // two days back, not yet confirmed in DynamoDB
    r.addBill('2026-11-09', '05:10'); // today, confirmed already
    r.confirmed.add('2026-11-08').add('2026-11-09');

    expect(await r.run()).toEqual([]); // 05:30: the 8th may still be closed after midnight
    expect(r.exporter.dueDays()).toEqual([]);

    r.clock.ms = local('2026-11-09', '06:00');
    expect(await r.run()).toEqual(['2026-11-08']);
    const doc = r.exported('2026-11-08')!;
    expect(doc.z).toBeNull();
    expect(doc.shift.bills).toHaveLength(1);
    expect(r.exported('2026-11-07')).toBeUndefined();
    expect(r.exported('2026-11-09')).toBeUndefined(); // today is never exported unclosed

    expect(await r.run()).toEqual([]); // nothing changed: nothing written again

    r.confirmed.add('2026-11-07'); // the sync catches up: the older day follows
    expect(await r.run()).toEqual(['2026-11-07']);
    expect(r.exporter.status()).toMatchObject({ state: 'ok', exportedDays: 2, pendingDays: 0 });
  });

  it('exports a closed day at its close, with its Z, even before it is confirmed or over', async () => {
    const r = rig();
    r.clock.ms = local('2026-11-09', '21:00');
    r.addBill('2026-11-09', '09:00');
    r.addBill('2026-11-09', '18:30');
    expect(await r.run()).toEqual([]); // open and still today

    const z = r.close('2026-11-09');
    expect(await r.run()).toEqual(['2026-11-09']);
    const doc = r.exported('2026-11-09')!;
    expect(doc.z).toEqual(z);
    expect(doc.shift.bills).toHaveLength(2);
  });

  it('exports a day closed after midnight with its Z before the 06:00 rule would without one', async () => {
    const r = rig();
    r.clock.ms = local('2026-11-09', '00:40');
    r.addBill('2026-11-08', '23:50');
    r.confirmed.add('2026-11-08');
    expect(await r.run()).toEqual([]);
    const z = r.close('2026-11-08');
    expect(await r.run()).toEqual(['2026-11-08']);
    expect(r.exported('2026-11-08')!.z).toEqual(z);
    r.clock.ms = local('2026-11-09', '06:30');
    expect(await r.run()).toEqual([]); // already exported as closed: not again without a Z
  });

  it('exports a day again when late bills arrive, closed or not', async () => {
    const r = rig();
    r.clock.ms = local('2026-11-10', '07:00');
    r.addBill('2026-11-08', '12:00');
    r.addBill('2026-11-09', '12:00');
    r.confirmed.add('2026-11-08').add('2026-11-09');
    const z = r.close('2026-11-08');
    expect((await r.run()).sort()).toEqual(['2026-11-08', '2026-11-09']);

    r.clock.ms = local('2026-11-10', '11:00');
    const late = r.addBill('2026-11-08', '19:00'); // a till that was offline uploads
    expect(await r.run()).toEqual(['2026-11-08']);
    const doc = r.exported('2026-11-08')!;
    expect(doc.z).toEqual(z); // the Z stays the one of the close; the late bill is listed
    expect(doc.shift.bills.map((bill) => bill.id)).toContain(late.id);

    const lateUnclosed = r.addBill('2026-11-09', '20:00');
    expect(await r.run()).toEqual(['2026-11-09']);
    expect(r.exported('2026-11-09')!.shift.bills.map((bill) => bill.id)).toContain(lateUnclosed.id);
    expect(await r.run()).toEqual([]);
  });

  it('exports a dropped day that gets a late version whole, from its previous export', async () => {
    const r = rig();
    r.clock.ms = local('2026-11-09', '21:00');
    const bills = [r.addBill('2026-11-08', '09:00'), r.addBill('2026-11-08', '10:00')];
    const z = r.close('2026-11-08');
    expect(await r.run()).toEqual(['2026-11-08']);
    expect(r.exporter.holds('2026-11-08')).toBe(false); // exported: cleanup may drop it
    r.drop('2026-11-08');
    const late: Bill = { ...bills[1]!, version: 2, status: 'void' };
    r.days.set('2026-11-08', [late]);
    expect(r.exporter.holds('2026-11-08')).toBe(true); // not again until exported

    expect(await r.run()).toEqual(['2026-11-08']);
    expect(r.exporter.holds('2026-11-08')).toBe(false);
    const doc = r.exported('2026-11-08')!;
    expect(doc.z).toEqual(z);
    expect(doc.shift.bills).toEqual([bills[0], late]);
    expect(doc.shift).toMatchObject({ billCount: 2, total: bills[0]!.total });
  });

  it('does not export a dropped day with a late bill when there is no earlier export', async () => {
    const r = rig();
    r.clock.ms = local('2026-11-09', '21:00');
    r.addBill('2026-11-08', '09:00');
    r.close('2026-11-08');
    r.drop('2026-11-08');
    r.addBill('2026-11-08', '11:00');
    expect(await r.run()).toEqual([]);
    expect(await r.run()).toEqual([]); // said once, not again every run
  });
});
