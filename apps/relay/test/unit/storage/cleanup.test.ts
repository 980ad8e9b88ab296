import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays } from '@caja/models';
import { planCleanup } from '../../../src/storage/cleanup-plan.js';
import { restoreAt } from '../../../src/storage/restore.js';
import { parseSnapshot } from '../../../src/storage/snapshot-parse.js';
import { billOnDay, crashImage, openTestStore, tempDir } from './helpers.js';

const TODAY = '2026-11-27';
const all = () => true;

describe('planCleanup', () => {
  const dates = ['2026-11-10', '2026-11-19', '2026-11-20', '2026-11-26', TODAY, '2026-11-28'];

  it('drops confirmed days older than the retention, never today or later', () => {
    expect(planCleanup(dates, { today: TODAY, retentionDays: 7, isDayConfirmed: all })).toEqual({
      drop: ['2026-11-10', '2026-11-19'],
      keepUnconfirmed: [],
    });
    expect(
      planCleanup(dates, { today: TODAY, retentionDays: 0, isDayConfirmed: all }).drop,
    ).toEqual(['2026-11-10', '2026-11-19', '2026-11-20', '2026-11-26']);
  });

  it('keeps an old day that still has a bill not confirmed in DynamoDB', () => {
    const isDayConfirmed = (date: string) => date !== '2026-11-10';
    expect(planCleanup(dates, { today: TODAY, retentionDays: 7, isDayConfirmed })).toEqual({
      drop: ['2026-11-19'],
      keepUnconfirmed: ['2026-11-10'],
    });
    const nothing = planCleanup(dates, {
      today: TODAY,
      retentionDays: 7,
      isDayConfirmed: () => false,
    });
    expect(nothing.drop).toEqual([]);
  });

  it('rejects a negative or fractional retention', () => {
    expect(() =>
      planCleanup(dates, { today: TODAY, retentionDays: -1, isDayConfirmed: all }),
    ).toThrow(RangeError);
    expect(() =>
      planCleanup(dates, { today: TODAY, retentionDays: 1.5, isDayConfirmed: all }),
    ).toThrow(RangeError);
  });

  it('adds calendar days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });
});

describe('DurableBillStore.cleanup', () => {
  async function storeWithOldDays(dir: string) {
    const store = await openTestStore(dir);
    await store.putMany([
      billOnDay(1, '2026-11-01'),
      billOnDay(2, '2026-11-01'),
      billOnDay(3, '2026-11-05'),
      billOnDay(4, '2026-11-26'),
      billOnDay(5, TODAY),
    ]);
    return store;
  }
  const dates = (store: { shifts(a: string, b: string): { date: string }[] }) =>
    store.shifts('0000-01-01', '9999-12-31').map((day) => day.date);

  it('drops old confirmed days from the state and the snapshot, and reports what it did', async () => {
    const dir = tempDir();
    const store = await storeWithOldDays(dir);
    const result = await store.cleanup({
      today: TODAY,
      retentionDays: 7,
      isDayConfirmed: (date) => date === '2026-11-01',
    });
    expect(result).toEqual({
      dropped: [{ date: '2026-11-01', billCount: 2 }],
      keptUnconfirmed: ['2026-11-05'],
      lsn: 6,
    });
    expect(dates(store)).toEqual(['2026-11-05', '2026-11-26', TODAY]);
    expect(store.get('bill-1')).toBeUndefined();
    await store.writeSnapshot();
    const snapshot = parseSnapshot(readFileSync(join(dir, 'daily_shifts.json')));
    expect(snapshot.days.map((day) => day.date)).toEqual(['2026-11-05', '2026-11-26', TODAY]);
    await store.close();
  });

  it('drops nothing while sync has confirmed nothing', async () => {
    const store = await storeWithOldDays(tempDir());
    const result = await store.cleanup({
      today: TODAY,
      retentionDays: 7,
      isDayConfirmed: () => false,
    });
    expect(result).toEqual({ dropped: [], keptUnconfirmed: ['2026-11-01', '2026-11-05'] });
    expect(store.lsn).toBe(5); // nothing journaled
    await store.close();
  });

  it('does not bring dropped days back on recovery, from the snapshot, the journal or a backup', async () => {
    const dir = tempDir();
    const backupDir = join(tempDir(), 'backups');
    const store = await openTestStore(dir, { backupDirs: [backupDir] });
    await store.putMany([billOnDay(1, '2026-11-01'), billOnDay(5, TODAY)]);
    await store.backupNow(); // this backup still holds 2026-11-01
    await store.cleanup({ today: TODAY, retentionDays: 7, isDayConfirmed: all });
    const expected = dates(store);
    const crash = crashImage(dir);
    await store.close();

    const fromSnapshot = await openTestStore(dir, { backupDirs: [backupDir] });
    expect(dates(fromSnapshot)).toEqual(expected);
    await fromSnapshot.close();

    rmSync(join(crash, 'daily_shifts.json')); // journal alone: the drop record replays too
    const fromJournal = await openTestStore(crash);
    expect(dates(fromJournal)).toEqual([TODAY]);
    await fromJournal.close();

    const outDir = join(tempDir(), 'restored');
    await restoreAt({ dataDir: dir, backupDirs: [backupDir], at: new Date('2100-01-01'), outDir });
    const restored = parseSnapshot(readFileSync(join(outDir, 'daily_shifts.json')));
    expect(restored.days.map((day) => day.date)).toEqual([TODAY]);
  });

  it('keeps a bill of a dropped day that was still in flight when cleanup decided', async () => {
    const dir = tempDir();
    const store = await openTestStore(dir);
    await store.putMany([billOnDay(1, '2026-11-01'), billOnDay(5, TODAY)]);
    const late = store.putMany([billOnDay(2, '2026-11-01')]); // not yet durable, unknown to sync
    const cleaned = store.cleanup({ today: TODAY, retentionDays: 7, isDayConfirmed: all });
    await Promise.all([late, cleaned]);
    expect(store.get('bill-1')).toBeUndefined();
    expect(store.get('bill-2')?.shiftDate).toBe('2026-11-01');
    await store.close();
    rmSync(join(dir, 'daily_shifts.json'));
    const replayed = await openTestStore(dir);
    expect(replayed.get('bill-2')?.shiftDate).toBe('2026-11-01');
    expect(replayed.get('bill-1')).toBeUndefined();
    await replayed.close();
  });
});
