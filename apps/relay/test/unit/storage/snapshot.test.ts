import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStorageError } from '../../../src/storage/errors.js';
import { snapshotDigests } from '../../../src/storage/snapshot-file.js';
import { parseSnapshot } from '../../../src/storage/snapshot-parse.js';
import {
  FaultyFs,
  billOnDay,
  crashImage,
  makeBill,
  openTestStore,
  recordingLogger,
  tempDir,
} from './helpers.js';

const SNAPSHOT = 'daily_shifts.json';

/** Rewrites the checksum so the file verifies again: what a careless hand edit could do. */
function resign(text: string): string {
  const bytes = Buffer.from(text.replace(/sha256:[0-9a-f]{64}/, `sha256:${'0'.repeat(64)}`));
  return text.replace(/sha256:[0-9a-f]{64}/, `sha256:${snapshotDigests(bytes).computed}`);
}

async function storeWithSnapshot() {
  const dir = tempDir();
  const store = await openTestStore(dir);
  await store.putMany([
    billOnDay(1, '2026-11-26'),
    billOnDay(2, '2026-11-27'),
    billOnDay(3, '2026-11-27', { status: 'void' }),
  ]);
  await store.close();
  return { dir, path: join(dir, SNAPSHOT), text: readFileSync(join(dir, SNAPSHOT), 'utf8') };
}

describe('daily_shifts.json', () => {
  it('is pretty-printed JSON with every day, its bills, totals and per-till totals', async () => {
    const { text } = await storeWithSnapshot();
    const document = JSON.parse(text);
    expect(document).toMatchObject({
      format: 'caja.daily_shifts',
      schemaVersion: 1,
      storeId: 'store-1',
      timeZone: 'America/Bogota',
      lsn: 3,
      dayCount: 2,
      billCount: 3,
    });
    const day = document.shifts['2026-11-27'];
    const sale = billOnDay(2, '2026-11-27');
    expect(day).toEqual({
      date: '2026-11-27',
      total: sale.total,
      billCount: 2,
      byTill: {
        'till-2': { billCount: 1, total: sale.total },
        'till-0': { billCount: 1, total: 0 },
      },
      bills: [sale, billOnDay(3, '2026-11-27', { status: 'void' })],
      lsns: [2, 3],
    });
    expect(text.split('\n').length).toBeGreaterThan(20);
    expect(text).toContain('\n        {"createdAt":');
  });

  it('carries a SHA-256 of its bytes with the digits zeroed, which anyone can recompute', async () => {
    const { text } = await storeWithSnapshot();
    const claimed = /"checksum": "sha256:([0-9a-f]{64})"/.exec(text)![1]!;
    const zeroed = text.replace(claimed, '0'.repeat(64));
    expect(createHash('sha256').update(zeroed).digest('hex')).toBe(claimed);
  });

  it('is rejected when any byte changes, or when totals disagree with the bills', async () => {
    const { text } = await storeWithSnapshot();
    const edited = text.replace('"quantity":1', '"quantity":2');
    expect(() => parseSnapshot(Buffer.from(edited))).toThrow(/checksum mismatch/);
    const badTotal = resign(text.replace(/"total": (\d+),/, '"total": 1$1,'));
    expect(() => parseSnapshot(Buffer.from(badTotal))).toThrow(/totals do not match/);
  });

  it('refuses a newer schema version instead of treating it as damage', async () => {
    const { dir, path, text } = await storeWithSnapshot();
    writeFileSync(path, resign(text.replace('"schemaVersion": 1', '"schemaVersion": 2')));
    const error = await openTestStore(dir).catch((e: unknown) => e);
    expect(isStorageError(error, 'UNSUPPORTED_FORMAT')).toBe(true);
    expect(readdirSync(dir).filter((name) => name.includes('corrupt'))).toEqual([]);
  });

  it('survives sizes that span many write chunks', async () => {
    const dir = tempDir();
    const store = await openTestStore(dir);
    const bills = Array.from({ length: 3000 }, (_, n) => makeBill(n));
    for (let i = 0; i < bills.length; i += 500) await store.putMany(bills.slice(i, i + 500));
    const written = await store.writeSnapshot();
    await store.close();
    const snapshot = parseSnapshot(readFileSync(join(dir, SNAPSHOT)));
    expect(written?.bytes).toBeGreaterThan(600 * 1024); // several 512 KB pieces
    expect(snapshot.billCount).toBe(3000);
    expect(snapshot.lsn).toBe(3000);
  });

  it('keeps every byte of multi-byte text across its write chunks, checksum included', async () => {
    const dir = tempDir();
    const store = await openTestStore(dir);
    // Names of 2-, 3- and 4-byte characters, long enough that chunks end in the middle of them
    // if the writer counted characters instead of bytes.
    const name = 'Café con leche ñ € 咖啡 ☕ 😀 '.repeat(40);
    const bills = Array.from({ length: 1500 }, (_, n) => {
      const bill = makeBill(n);
      return { ...bill, items: bill.items.map((item) => ({ ...item, name })) };
    });
    for (let i = 0; i < bills.length; i += 500) await store.putMany(bills.slice(i, i + 500));
    const written = await store.writeSnapshot();
    await store.close();
    const bytes = readFileSync(join(dir, SNAPSHOT));
    expect(written?.bytes).toBe(bytes.length);
    expect(bytes.length).toBeGreaterThan(3 * 512 * 1024);
    const digests = snapshotDigests(bytes);
    expect(digests.computed).toBe(digests.claimed);
    const snapshot = parseSnapshot(bytes);
    expect(snapshot.billCount).toBe(1500);
    const text = bytes.toString('utf8');
    expect(text.split(name).length - 1).toBe(1500);
  });
});

describe('snapshot timing', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  async function snapshotReaches(store: { status(): { snapshot: { lsn: number } } }, lsn: number) {
    for (let i = 0; i < 200 && store.status().snapshot.lsn < lsn; i++) await sleep(10);
    return store.status().snapshot.lsn;
  }

  it('waits for a quarter of the bills held to be past the last one, or ten intervals', async () => {
    const dir = tempDir();
    const store = await openTestStore(dir, { snapshotIntervalMs: 50 });
    await store.putMany(Array.from({ length: 8 }, (_, i) => makeBill(i + 1)));
    expect(await snapshotReaches(store, 8)).toBe(8);
    // One record past it, 9 bills held: not yet (a snapshot rewrites all 9 for 1 new one)...
    await store.putMany([makeBill(9)]);
    await sleep(250);
    expect(store.status().snapshot.lsn).toBe(8);
    // ...but ten intervals (500 ms) after that record, it is written all the same.
    expect(await snapshotReaches(store, 9)).toBe(9);
    // Three records past it, 12 held: a quarter, so at once (one interval).
    await store.putMany([makeBill(10), makeBill(11), makeBill(12)]);
    expect(await snapshotReaches(store, 12)).toBe(12);
    await store.close();
  });
});

describe('a failing snapshot write', () => {
  it('leaves the old file in place, reports the error, and loses nothing', async () => {
    const fs = new FaultyFs();
    const dir = tempDir();
    const logger = recordingLogger();
    // A failed snapshot is retried after the snapshot interval: a long one keeps that retry from
    // racing the close below (with 0 it ran at once, sometimes before close, sometimes not).
    const store = await openTestStore(dir, { fs, logger, snapshotIntervalMs: 60_000 });
    await store.putMany([makeBill(1)]);
    await store.writeSnapshot();
    await store.putMany([makeBill(2)]);
    fs.failNext('write', 'ENOSPC', 'daily_shifts.json');
    await expect(store.writeSnapshot()).rejects.toThrow(/ENOSPC/);
    expect(store.status().snapshot).toMatchObject({
      lsn: 1,
      error: expect.stringMatching(/ENOSPC/),
    });
    expect(parseSnapshot(readFileSync(join(dir, SNAPSHOT))).lsn).toBe(1);
    expect(readdirSync(dir).filter((name) => name.includes('.tmp-'))).toEqual([]);
    await store.putMany([makeBill(3)]);
    fs.failNext('write', 'ENOSPC', 'daily_shifts.json'); // the final snapshot on close fails too
    await store.close();
    expect(logger.lines.some((line) => /final snapshot failed/.test(line.message))).toBe(true);
    const reopened = await openTestStore(dir);
    expect(reopened.shift('2026-11-27').billCount).toBe(3);
    await reopened.close();
  });
});

describe('a corrupt daily_shifts.json', () => {
  async function scenario() {
    const dir = tempDir();
    const backups = join(tempDir(), 'backups');
    const options = { segmentBytes: 1500, backupDirs: [backups], confirmedLsn: () => 1e9 };
    const store = await openTestStore(dir, options);
    for (let n = 1; n <= 20; n++) await store.putMany([makeBill(n)]);
    await store.backupNow(); // snapshot + backup at LSN 20; covered segments are deleted
    for (let n = 21; n <= 30; n++) await store.putMany([makeBill(n)]);
    await store.putMany([makeBill(5, { version: 2 })]);
    const expected = store.shift('2026-11-27');
    const image = crashImage(dir);
    await store.close();
    return { image, backups, options, expected };
  }

  for (const [name, damage] of [
    ['truncated', (text: string) => text.slice(0, text.length / 2)],
    ['garbage', () => 'not json at all \u0000\u0001'],
    ['empty', () => ''],
    ['edited', (text: string) => text.replace('"quantity":1', '"quantity":3')],
  ] as const) {
    it(`(${name}) is set aside and the state rebuilt from the newest backup plus the journal`, async () => {
      const { image, backups, options, expected } = await scenario();
      expect(readdirSync(join(image, 'journal')).sort()[0]).not.toBe('0000000000000001.journal');
      const path = join(image, SNAPSHOT);
      const bad = damage(readFileSync(path, 'utf8'));
      writeFileSync(path, bad);
      const logger = recordingLogger();
      const store = await openTestStore(image, { ...options, logger });
      expect(store.shift('2026-11-27')).toEqual(expected);
      expect(store.lsn).toBe(31);
      const setAside = readdirSync(image).filter((n) => n.startsWith(`${SNAPSHOT}.corrupt-`));
      expect(setAside).toHaveLength(1);
      expect(readFileSync(join(image, setAside[0]!), 'utf8')).toBe(bad);
      expect(logger.lines.find((line) => line.level === 'error')?.message).toMatch(/corrupt/);
      await store.close();
      expect(parseSnapshot(readFileSync(path)).lsn).toBe(31);
      expect(readdirSync(backups)).toHaveLength(1);
    });
  }

  it('is rebuilt from the journal alone when it reaches back to LSN 1', async () => {
    const dir = tempDir();
    const store = await openTestStore(dir);
    for (let n = 1; n <= 10; n++) await store.putMany([makeBill(n)]);
    const expected = store.shift('2026-11-27');
    await store.close();
    writeFileSync(join(dir, SNAPSHOT), '{"format":');
    const reopened = await openTestStore(dir);
    expect(reopened.shift('2026-11-27')).toEqual(expected);
    await reopened.close();
  });

  it('falls back to an older good backup the journal still continues', async () => {
    const dir = tempDir();
    const backups = join(tempDir(), 'backups');
    let confirmed = 1e9;
    const options = { segmentBytes: 1500, backupDirs: [backups], confirmedLsn: () => confirmed };
    const store = await openTestStore(dir, options);
    for (let n = 1; n <= 20; n++) await store.putMany([makeBill(n)]);
    await store.backupNow(); // backup at LSN 20; segments up to it go
    confirmed = 20; // DynamoDB lags: the journal after LSN 20 must stay
    for (let n = 21; n <= 30; n++) await store.putMany([makeBill(n)]);
    await store.backupNow(); // backup at LSN 30
    await store.putMany([makeBill(31)]);
    const expected = store.shift('2026-11-27');
    const image = crashImage(dir);
    await store.close();
    const names = readdirSync(backups).sort();
    expect(names).toHaveLength(2);
    writeFileSync(join(backups, names[1]!), 'garbage'); // the newest backup is bad too
    writeFileSync(join(image, SNAPSHOT), 'garbage');
    const logger = recordingLogger();
    const reopened = await openTestStore(image, { ...options, logger });
    expect(reopened.shift('2026-11-27')).toEqual(expected);
    expect(logger.lines.some((line) => /backup unusable/.test(line.message))).toBe(true);
    expect(logger.lines.find((line) => line.message === 'state recovered')?.details).toMatchObject({
      from: 'backup',
      baseLsn: 20,
    });
    await reopened.close();
  });

  it('stops the relay when the only backup is bad and the journal misses LSN 1', async () => {
    const { image, backups, options } = await scenario();
    const [only] = readdirSync(backups);
    writeFileSync(join(backups, only!), 'garbage');
    writeFileSync(join(image, SNAPSHOT), 'garbage');
    const error = await openTestStore(image, options).catch((e: unknown) => e);
    expect(isStorageError(error, 'STATE_UNRECOVERABLE')).toBe(true);
    expect((error as Error).message).toMatch(/set aside as .*corrupt-/);
    expect((error as Error).message).toMatch(/recover-from-dynamodb/);
  });

  it('never lets the relay start empty: a refused start stays refused', async () => {
    const { image, options } = await scenario();
    writeFileSync(join(image, SNAPSHOT), 'garbage');
    const withoutBackups = { ...options, backupDirs: [] };
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await openTestStore(image, withoutBackups).catch((e: unknown) => e);
      expect(isStorageError(error, 'STATE_UNRECOVERABLE')).toBe(true);
    }
  });

  it('is refused when DATA_DIR is empty but backups of the store exist', async () => {
    const { backups, options } = await scenario();
    const error = await openTestStore(tempDir(), options).catch((e: unknown) => e);
    expect(isStorageError(error, 'DATA_DIR_EMPTY_WITH_BACKUPS')).toBe(true);
    expect((error as Error).message).toContain(backups);
  });
});
