import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { BillStore } from '../../../src/storage/index.js';
import { lockAddress } from '../../../src/storage/data-dir-lock.js';
import { nodeStorageFs } from '../../../src/storage/fs-port.js';
import { readJournal } from '../../../src/storage/journal-reader.js';
import { isStorageError } from '../../../src/storage/errors.js';
import { restoreAt } from '../../../src/storage/restore.js';
import { formatVerifyReport, verifyDataDir } from '../../../src/storage/verify.js';
import {
  billOnDay,
  crashImage,
  makeBill,
  openTestStore,
  recordingLogger,
  tempDir,
  TIME_ZONE,
} from './helpers.js';

const SEGMENT = join('journal', '0000000000000001.journal');

function everything(store: BillStore) {
  const days = store.shifts('0000-01-01', '9999-12-31');
  return { days, shifts: days.map((day) => store.shift(day.date)) };
}

async function fill(store: BillStore) {
  for (let n = 0; n < 40; n++) {
    await store.putMany([
      billOnDay(n, `2026-11-2${n % 4}`),
      makeBill(100 + n, { status: n % 5 === 0 ? 'void' : 'closed' }),
    ]);
  }
  await store.putMany([billOnDay(3, '2026-11-23', { version: 2 })]);
}

async function openError(dir: string) {
  return openTestStore(dir).then(
    () => {
      throw new Error('the store opened');
    },
    (error: unknown) => error,
  );
}

describe('recovery', () => {
  it('gives identical shifts and LSNs after close and reopen', async () => {
    const dir = tempDir();
    const store = await openTestStore(dir);
    await fill(store);
    const before = everything(store);
    const lsn = store.lsn;
    await store.close();
    const reopened = await openTestStore(dir);
    expect(everything(reopened)).toEqual(before);
    expect(reopened.lsn).toBe(lsn);
    expect(reopened.get('bill-3')).toMatchObject({ lsn, bill: { version: 2 } });
    await reopened.close();
  });

  it('replays the journal after the snapshot, and the journal alone without one', async () => {
    const dir = tempDir();
    const store = await openTestStore(dir);
    await store.putMany([makeBill(1), makeBill(2)]);
    await store.writeSnapshot();
    await fill(store);
    const before = everything(store);
    const image = crashImage(dir); // snapshot at LSN 2, the rest only in the journal
    await store.close();
    const fromBoth = await openTestStore(image);
    expect(everything(fromBoth)).toEqual(before);
    await fromBoth.close();
    rmSync(join(image, 'daily_shifts.json'));
    const fromJournal = await openTestStore(image);
    expect(everything(fromJournal)).toEqual(before);
    await fromJournal.close();
  });

  it('continues across journal segments', async () => {
    const dir = tempDir();
    const store = await openTestStore(dir, { segmentBytes: 2000 });
    await fill(store);
    const before = everything(store);
    const image = crashImage(dir);
    await store.close();
    expect(readdirSync(join(image, 'journal')).length).toBeGreaterThan(5);
    const reopened = await openTestStore(image, { segmentBytes: 2000 });
    expect(everything(reopened)).toEqual(before);
    await reopened.close();
  });

  it('refuses to open over a flipped byte mid-journal, naming the file and offset', async () => {
    const dir = tempDir();
    const store = await openTestStore(dir);
    for (let n = 1; n <= 5; n++) await store.putMany([makeBill(n)]);
    const image = crashImage(dir);
    await store.close();
    const path = join(image, SEGMENT);
    const bytes = readFileSync(path);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle]! ^= 0x04;
    writeFileSync(path, bytes);
    const error = await openError(image);
    expect(isStorageError(error, 'JOURNAL_DAMAGED')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain(path);
    const offset = Number(/byte offset (\d+)/.exec(message)?.[1]);
    expect(offset).toBeLessThanOrEqual(middle);
    expect(offset).toBeGreaterThan(middle - 400);
    // Nothing was cut: the damaged file is left as it was for a person to look at.
    expect(readFileSync(path)).toEqual(bytes);
  });

  it('starts from the snapshot, with a warning, when the damage is in records it covers', async () => {
    const dir = tempDir();
    const store = await openTestStore(dir);
    for (let n = 1; n <= 5; n++) await store.putMany([makeBill(n)]);
    const before = everything(store);
    await store.close(); // writes the snapshot, which covers every record
    const path = join(dir, SEGMENT);
    const bytes = readFileSync(path);
    bytes[40]! ^= 0x10;
    writeFileSync(path, bytes);
    // verify names the damage and says the state is recoverable; restore works.
    const report = await verifyDataDir({ dataDir: dir });
    expect(report).toMatchObject({ ok: false, recoverable: true });
    expect(formatVerifyReport(report)).not.toContain('NOT recoverable');
    const restored = await restoreAt({
      dataDir: dir,
      at: new Date('2100-01-01T00:00:00Z'),
      outDir: join(tempDir(), 'restored'),
      timeZone: TIME_ZONE,
    });
    expect(restored.lsn).toBe(5);
    const logger = recordingLogger();
    const reopened = await openTestStore(dir, { logger });
    expect(everything(reopened)).toEqual(before);
    expect(logger.lines.map((line) => line.message)).toContain(
      'journal: skipped damaged records that daily_shifts.json already holds',
    );
    // And it keeps taking bills, which survive a crash.
    await reopened.putMany([makeBill(6)]);
    const image = crashImage(dir);
    await reopened.close();
    const again = await openTestStore(image);
    expect(again.get('bill-6')).toBeDefined();
    expect(everything(again).days.reduce((sum, day) => sum + day.billCount, 0)).toBe(6);
    await again.close();
  });

  it('reads only the segments past the snapshot at start-up, and checks the others afterwards', async () => {
    const dir = tempDir();
    const store = await openTestStore(dir, { segmentBytes: 2000 });
    await fill(store);
    const before = everything(store);
    const lsn = store.lsn;
    await store.close(); // the snapshot covers every record
    const segments = readdirSync(join(dir, 'journal')).sort();
    expect(segments.length).toBeGreaterThan(5);
    const first = join(dir, 'journal', segments[0]!);
    const bytes = readFileSync(first);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x10;
    writeFileSync(first, bytes);

    const visited: number[] = [];
    const read = await readJournal(nodeStorageFs, join(dir, 'journal'), {
      repair: false,
      logger: recordingLogger(),
      visit: (lsn) => visited.push(lsn),
      coveredLsn: lsn,
      skipCoveredThrough: lsn,
    });
    // Only the last segment was read; the others are known from their names and sizes.
    expect(read.filter((segment) => !segment.unread)).toHaveLength(1);
    expect(visited[0]).toBe(read.at(-1)!.firstLsn);
    expect(read.at(-2)!.lastLsn).toBe(read.at(-1)!.firstLsn - 1);

    const logger = recordingLogger();
    const reopened = await openTestStore(dir, { segmentBytes: 2000, logger });
    expect(everything(reopened)).toEqual(before);
    // The damaged segment is found by the check after start-up: a warning, nothing lost.
    await vi.waitFor(() => {
      const warning = logger.lines.find(
        (line) =>
          line.message === 'journal: skipped damaged records that daily_shifts.json already holds',
      );
      expect(warning?.details).toMatchObject({ file: first });
    });
    await reopened.putMany([makeBill(900)]);
    const image = crashImage(dir);
    await reopened.close();
    const again = await openTestStore(image, { segmentBytes: 2000 });
    expect(again.get('bill-900')).toBeDefined();
    await again.close();
  });

  it('with deferMaintenance, writes no snapshot and checks no segment before startMaintenance()', async () => {
    const dir = tempDir();
    const store = await openTestStore(dir, { segmentBytes: 2000 });
    await fill(store);
    await store.close();
    // Without its snapshot the journal is replayed, and a first snapshot is due at once.
    rmSync(join(dir, 'daily_shifts.json'));
    const options = { segmentBytes: 2000, snapshotIntervalMs: 1000, deferMaintenance: true };
    const replayed = await openTestStore(dir, options);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(existsSync(join(dir, 'daily_shifts.json'))).toBe(false);
    replayed.startMaintenance();
    await vi.waitFor(() => expect(existsSync(join(dir, 'daily_shifts.json'))).toBe(true));
    await replayed.close();

    // Damage in a segment the snapshot holds is found by the check, which waits as well.
    const first = join(dir, 'journal', readdirSync(join(dir, 'journal')).sort()[0]!);
    const bytes = readFileSync(first);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x10;
    writeFileSync(first, bytes);
    const logger = recordingLogger();
    const reopened = await openTestStore(dir, { ...options, logger });
    const warned = () =>
      logger.lines.some(
        (line) =>
          line.message === 'journal: skipped damaged records that daily_shifts.json already holds',
      );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(warned()).toBe(false);
    reopened.startMaintenance();
    reopened.startMaintenance(); // a second call does nothing
    await vi.waitFor(() => expect(warned()).toBe(true));
    await reopened.close();
  });

  it('still refuses damage in records the snapshot does not cover', async () => {
    const dir = tempDir();
    const store = await openTestStore(dir);
    for (let n = 1; n <= 3; n++) await store.putMany([makeBill(n)]);
    await store.writeSnapshot();
    for (let n = 4; n <= 6; n++) await store.putMany([makeBill(n)]);
    const image = crashImage(dir);
    await store.close();
    const path = join(image, SEGMENT);
    const bytes = readFileSync(path);
    // A byte in record LSN 5 (of six of about equal size): past the snapshot, good ones after.
    bytes[Math.floor(bytes.length * 0.75)]! ^= 0x10;
    writeFileSync(path, bytes);
    expect(isStorageError(await openError(image), 'JOURNAL_DAMAGED')).toBe(true);
  });

  it('cuts off a last record whose checksum fails and keeps the rest', async () => {
    const dir = tempDir();
    const store = await openTestStore(dir);
    for (let n = 1; n <= 3; n++) await store.putMany([makeBill(n)]);
    const image = crashImage(dir);
    await store.close();
    const path = join(image, SEGMENT);
    const bytes = readFileSync(path);
    bytes[bytes.length - 5]! ^= 0x01;
    writeFileSync(path, bytes);
    const logger = recordingLogger();
    const reopened = await openTestStore(image, { logger });
    expect(reopened.lsn).toBe(2);
    expect(reopened.get('bill-3')).toBeUndefined();
    const warning = logger.lines.find((line) => line.level === 'warn');
    expect(warning?.details).toMatchObject({ file: path, reason: 'checksum mismatch' });
    await reopened.close();
  });

  it('refuses to start without a snapshot when the journal misses LSN 1 and no backup helps', async () => {
    const dir = tempDir();
    const store = await openTestStore(dir, { segmentBytes: 600 });
    for (let n = 1; n <= 6; n++) await store.putMany([makeBill(n)]);
    const image = crashImage(dir); // no snapshot yet
    await store.close();
    const first = join(image, SEGMENT);
    rmSync(first);
    const error = await openError(image);
    expect(isStorageError(error, 'STATE_UNRECOVERABLE')).toBe(true);
    expect((error as Error).message).toMatch(/will not start empty/);
  });

  it('refuses a journal that starts after the end of the snapshot', async () => {
    const dir = tempDir();
    const store = await openTestStore(dir, { segmentBytes: 600 });
    await store.putMany([makeBill(1)]);
    await store.writeSnapshot(); // covers LSN 1
    for (let n = 2; n <= 8; n++) await store.putMany([makeBill(n)]);
    const image = crashImage(dir);
    await store.close();
    const [first, second] = readdirSync(join(image, 'journal')).sort();
    rmSync(join(image, 'journal', first!));
    rmSync(join(image, 'journal', second!));
    const error = await openError(image);
    expect(isStorageError(error, 'JOURNAL_GAP')).toBe(true);
    expect((error as Error).message).toMatch(/covers LSN 1 but the journal starts at LSN \d+/);
  });

  it('refuses a snapshot of another store or time zone', async () => {
    const dir = tempDir();
    const store = await openTestStore(dir);
    await store.putMany([makeBill(1)]);
    await store.close();
    const other = await openTestStore(dir, { timeZone: 'Europe/Madrid' }).catch((e: unknown) => e);
    expect(isStorageError(other, 'CONFIG_MISMATCH')).toBe(true);
    expect((other as Error).message).toMatch(/STORE_TIMEZONE=America\/Bogota/);
    const otherStore = await openTestStore(dir, { storeId: 'store-2' }).catch((e: unknown) => e);
    expect(isStorageError(otherStore, 'CONFIG_MISMATCH')).toBe(true);
  });

  it('starts empty in an empty folder and writes its first snapshot on close', async () => {
    const dir = join(tempDir(), 'fresh', 'data');
    const store = await openTestStore(dir);
    expect(everything(store).days).toEqual([]);
    await store.close();
    expect(existsSync(join(dir, 'daily_shifts.json'))).toBe(true);
  });

  it('refuses a DATA_DIR held by an open store, and takes it once that store closes', async () => {
    const dir = tempDir();
    const holder = await openTestStore(dir);
    const refused = await openError(dir);
    expect(isStorageError(refused, 'DATA_DIR_LOCKED')).toBe(true);
    expect((refused as Error).message).toContain('Stop that relay first');
    await holder.close();
    expect(existsSync(join(dir, 'relay.lock'))).toBe(false);
    const store = await openTestStore(dir);
    await store.close();
  });

  it('starts despite a stale relay.lock naming a live process (a power cut, then pid reuse)', async () => {
    const dir = tempDir();
    // The parent process is alive: a pid-file lock would wrongly think DATA_DIR is in use.
    writeFileSync(join(dir, 'relay.lock'), `${process.ppid}\n`);
    const store = await openTestStore(dir);
    expect(readFileSync(join(dir, 'relay.lock'), 'utf8')).toBe(`${process.pid}\n`);
    await store.close();
  });

  it('is free again the moment its holder is killed with SIGKILL', async () => {
    const dir = tempDir();
    // A child process listens on the lock's address, says so, then waits to be killed.
    const address = lockAddress(dir);
    const child = spawn(
      process.execPath,
      [
        '-e',
        `require('node:net').createServer().listen(${JSON.stringify(address)}, () => ` +
          "console.log('locked')); setInterval(() => {}, 1000);",
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    expect(isStorageError(await openError(dir), 'DATA_DIR_LOCKED')).toBe(true);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const store = await openTestStore(dir);
    await store.close();
  });

  it('removes temp files left by a snapshot write cut short', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'daily_shifts.json.tmp-123-1'), '{"half": ');
    const store = await openTestStore(dir);
    await store.close();
    expect(readdirSync(dir).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });
});
