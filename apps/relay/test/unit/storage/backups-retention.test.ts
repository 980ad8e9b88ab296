import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupFileName, listBackups } from '../../../src/storage/backups.js';
import { nodeStorageFs } from '../../../src/storage/fs-port.js';
import { deletableSegments } from '../../../src/storage/retention.js';
import { parseSnapshot } from '../../../src/storage/snapshot-parse.js';
import { makeBill, openTestStore, tempDir } from './helpers.js';

describe('backups', () => {
  it('copies a verified snapshot into every folder, named by time and LSN', async () => {
    const dir = tempDir();
    const folders = [join(tempDir(), 'usb'), join(tempDir(), 'nas', 'caja')];
    let clock = new Date('2026-11-27T15:00:00.000Z');
    const store = await openTestStore(dir, { backupDirs: folders, now: () => clock });
    await store.putMany([makeBill(1), makeBill(2)]);
    const outcomes = await store.backupNow();
    expect(outcomes.map((o) => o.status)).toEqual(['written', 'written']);
    for (const folder of folders) {
      const names = readdirSync(folder);
      expect(names).toEqual(['daily_shifts-store-1-20261127T150000000Z-lsn0000000000000002.json']);
      const copy = readFileSync(join(folder, names[0]!));
      expect(copy).toEqual(readFileSync(join(dir, 'daily_shifts.json')));
      expect(parseSnapshot(copy).billCount).toBe(2);
    }
    clock = new Date('2026-11-27T15:10:00.000Z');
    expect((await store.backupNow()).map((o) => o.status)).toEqual(['unchanged', 'unchanged']);
    expect(store.status().backups.map((b) => b.lsn)).toEqual([2, 2]);
    await store.close();
  });

  it('keeps only the newest BACKUP_KEEP backups of this store', async () => {
    const folder = join(tempDir(), 'backups');
    mkdirSync(folder);
    const foreign = backupFileName('store-2', '2026-01-01T00:00:00.000Z', 1);
    writeFileSync(join(folder, foreign), 'another store, not ours to prune');
    let second = 0;
    const store = await openTestStore(tempDir(), {
      backupDirs: [folder],
      backupKeep: 3,
      now: () => new Date(Date.UTC(2026, 10, 27, 15, 0, second)),
    });
    for (let n = 1; n <= 5; n++) {
      second = n;
      await store.putMany([makeBill(n)]);
      await store.backupNow();
    }
    await store.close();
    const kept = await listBackups(nodeStorageFs, folder, 'store-1');
    expect(kept.map((backup) => backup.lsn)).toEqual([3, 4, 5]);
    expect(existsSync(join(folder, foreign))).toBe(true);
  });

  it('reports a folder it cannot write without stopping the others', async () => {
    const blocked = join(tempDir(), 'not-a-folder');
    writeFileSync(blocked, 'a file where a folder should be');
    const good = join(tempDir(), 'good');
    const store = await openTestStore(tempDir(), { backupDirs: [blocked, good] });
    await store.putMany([makeBill(1)]);
    const [bad, ok] = await store.backupNow();
    expect(bad).toMatchObject({ status: 'failed', dir: blocked });
    expect(ok).toMatchObject({ status: 'written', dir: good });
    expect(store.status().backups[0]?.error).toBeDefined();
    await store.close();
  });
});

describe('journal retention', () => {
  const segments = [
    { path: 'a', firstLsn: 1, lastLsn: 10, size: 1 },
    { path: 'b', firstLsn: 11, lastLsn: 20, size: 1 },
    { path: 'c', firstLsn: 21, lastLsn: 30, size: 1 },
  ];
  const names = (list: { path: string }[]) => list.map((segment) => segment.path);

  it('deletes a segment only when snapshot, every backup folder and DynamoDB cover it', () => {
    const base = { snapshotLsn: 25, backupLsns: [25, 22], confirmedLsn: 25 };
    expect(names(deletableSegments(segments, base))).toEqual(['a', 'b']);
    expect(names(deletableSegments(segments, { ...base, snapshotLsn: 15 }))).toEqual(['a']);
    expect(names(deletableSegments(segments, { ...base, backupLsns: [25, 0] }))).toEqual([]);
    expect(names(deletableSegments(segments, { ...base, confirmedLsn: 0 }))).toEqual([]);
    expect(names(deletableSegments(segments, { ...base, backupLsns: [] }))).toEqual(['a', 'b']);
  });

  it('never deletes the active segment nor a segment after a kept one', () => {
    const all = { snapshotLsn: 99, backupLsns: [], confirmedLsn: 99 };
    expect(names(deletableSegments(segments, all))).toEqual(['a', 'b']);
    const holes = [segments[0]!, { ...segments[1]!, lastLsn: 200 }, segments[2]!];
    expect(names(deletableSegments(holes, all))).toEqual(['a']);
  });

  it('keeps every segment while sync confirms nothing, and drops them once it does', async () => {
    const dir = tempDir();
    let confirmed = 0;
    const store = await openTestStore(dir, { segmentBytes: 700, confirmedLsn: () => confirmed });
    for (let n = 1; n <= 12; n++) await store.putMany([makeBill(n)]);
    await store.writeSnapshot();
    const all = readdirSync(join(dir, 'journal')).length;
    expect(all).toBeGreaterThan(3);
    confirmed = 12;
    await store.putMany([makeBill(13)]);
    await store.writeSnapshot();
    const left = readdirSync(join(dir, 'journal'));
    expect(left.length).toBe(1);
    await store.close();
    const reopened = await openTestStore(dir);
    expect(reopened.shift('2026-11-27').billCount).toBe(13);
    await reopened.close();
  });
});
