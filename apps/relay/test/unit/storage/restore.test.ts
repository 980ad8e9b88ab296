import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStorageError } from '../../../src/storage/errors.js';
import { restoreAt } from '../../../src/storage/restore.js';
import { parseSnapshot } from '../../../src/storage/snapshot-parse.js';
import { readFileSync } from 'node:fs';
import { TIME_ZONE, billOnDay, makeBill, openTestStore, tempDir } from './helpers.js';

const at = (time: string) => new Date(`2026-11-27T${time}:00.000Z`);

/** A day of intake with a controlled clock: what was stored at each instant is known. */
async function history() {
  const dataDir = tempDir();
  const backupDir = join(tempDir(), 'backups');
  let clock = at('10:00');
  const store = await openTestStore(dataDir, { now: () => clock, backupDirs: [backupDir] });
  await store.putMany([makeBill(1), makeBill(2)]); // LSN 1, 2 at 10:00
  clock = at('10:05');
  await store.putMany([makeBill(3)]); // LSN 3
  await store.writeSnapshot();
  clock = at('10:10');
  await store.putMany([makeBill(1, { version: 2, status: 'void' })]); // LSN 4
  clock = at('10:15');
  await store.backupNow(); // backup of LSN 4 written 10:15
  clock = at('10:20');
  await store.putMany([makeBill(4)]); // LSN 5
  clock = at('10:30');
  await store.close(); // snapshot of LSN 5 written 10:30
  return { dataDir, backupDirs: [backupDir] };
}

describe('restoreAt', () => {
  it('rebuilds the state as it was at several instants', async () => {
    const { dataDir, backupDirs } = await history();
    const cases = [
      { time: '09:59', lsn: 0, ids: [], base: 'journal' },
      { time: '10:00', lsn: 2, ids: ['bill-1@1', 'bill-2@1'], base: 'journal' },
      { time: '10:07', lsn: 3, ids: ['bill-1@1', 'bill-2@1', 'bill-3@1'], base: 'journal' },
      { time: '10:12', lsn: 4, ids: ['bill-1@2', 'bill-2@1', 'bill-3@1'], base: 'journal' },
      { time: '10:16', lsn: 4, ids: ['bill-1@2', 'bill-2@1', 'bill-3@1'], base: 'backup' },
      {
        time: '10:25',
        lsn: 5,
        ids: ['bill-1@2', 'bill-2@1', 'bill-3@1', 'bill-4@1'],
        base: 'backup',
      },
      {
        time: '11:00',
        lsn: 5,
        ids: ['bill-1@2', 'bill-2@1', 'bill-3@1', 'bill-4@1'],
        base: 'snapshot',
      },
    ];
    for (const { time, lsn, ids, base } of cases) {
      const outDir = join(tempDir(), 'restored');
      const result = await restoreAt({
        dataDir,
        backupDirs,
        at: at(time),
        outDir,
        timeZone: TIME_ZONE,
      });
      expect({ time, lsn: result.lsn, base: result.base.kind }).toEqual({ time, lsn, base });
      const snapshot = parseSnapshot(readFileSync(result.path));
      const stored = snapshot.days.flatMap((day) => day.bills.map((b) => `${b.id}@${b.version}`));
      expect(stored.sort()).toEqual(ids);
      expect(result.billCount).toBe(ids.length);
    }
  });

  it('writes a daily_shifts.json a relay can start from', async () => {
    const { dataDir, backupDirs } = await history();
    const outDir = join(tempDir(), 'restored');
    await restoreAt({ dataDir, backupDirs, at: at('10:12'), outDir });
    const store = await openTestStore(outDir);
    expect(store.lsn).toBe(4);
    expect(store.get('bill-1')?.bill.status).toBe('void');
    expect((await store.putMany([makeBill(9)]))[0]).toMatchObject({ lsn: 5 });
    await store.close();
  });

  it('never overwrites an existing daily_shifts.json', async () => {
    const { dataDir } = await history();
    const outDir = tempDir();
    writeFileSync(join(outDir, 'daily_shifts.json'), 'precious');
    const error = await restoreAt({ dataDir, at: at('11:00'), outDir }).catch((e: unknown) => e);
    expect(isStorageError(error, 'RESTORE_IMPOSSIBLE')).toBe(true);
    expect(readFileSync(join(outDir, 'daily_shifts.json'), 'utf8')).toBe('precious');
  });

  it('refuses an instant the retained journal and backups can no longer rebuild', async () => {
    const dataDir = tempDir();
    const backupDir = join(tempDir(), 'backups');
    let clock = at('10:00');
    const store = await openTestStore(dataDir, {
      now: () => clock,
      backupDirs: [backupDir],
      segmentBytes: 800,
      confirmedLsn: () => 1e9,
    });
    for (let n = 1; n <= 12; n++) await store.putMany([billOnDay(n, '2026-11-27')]);
    clock = at('10:30');
    await store.backupNow(); // journal up to here is deleted
    await store.close();
    const outDir = join(tempDir(), 'out');
    const error = await restoreAt({
      dataDir,
      backupDirs: [backupDir],
      at: at('10:10'),
      outDir,
    }).catch((e: unknown) => e);
    expect(isStorageError(error, 'RESTORE_IMPOSSIBLE')).toBe(true);
    expect((error as Error).message).toMatch(/cannot be rebuilt exactly/);
    expect(existsSync(join(outDir, 'daily_shifts.json'))).toBe(false);
    const later = await restoreAt({ dataDir, backupDirs: [backupDir], at: at('10:40'), outDir });
    expect(later.billCount).toBe(12);
  });
});
