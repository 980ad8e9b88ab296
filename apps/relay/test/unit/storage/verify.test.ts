import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatVerifyReport, verifyDataDir } from '../../../src/storage/verify.js';
import { crashImage, makeBill, openTestStore, tempDir } from './helpers.js';

async function healthy() {
  const dataDir = tempDir();
  const backupDirs = [join(tempDir(), 'backups')];
  const store = await openTestStore(dataDir, { backupDirs, segmentBytes: 900 });
  for (let n = 1; n <= 8; n++) await store.putMany([makeBill(n)]);
  await store.backupNow();
  await store.putMany([makeBill(9)]);
  const image = crashImage(dataDir); // snapshot at LSN 8, journal to LSN 9
  await store.close();
  return { dataDir: image, backupDirs };
}

describe('verifyDataDir', () => {
  it('reports a healthy folder record by record', async () => {
    const { dataDir, backupDirs } = await healthy();
    const report = await verifyDataDir({ dataDir, backupDirs });
    expect(report.ok).toBe(true);
    expect(report.recoverable).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.snapshot).toMatchObject({ status: 'ok', lsn: 8, billCount: 8 });
    expect(report.journal).toMatchObject({ firstLsn: 1, lastLsn: 9, records: 9 });
    expect(report.journal.segments.length).toBeGreaterThan(2);
    expect(report.journal.segments.every((segment) => segment.status === 'ok')).toBe(true);
    expect(report.backups).toMatchObject([{ status: 'ok', lsn: 8 }]);
    expect(formatVerifyReport(report)).toMatch(/^verify: OK\n/);
  });

  it('flags mid-file damage with its file and offset, and changes no file', async () => {
    const { dataDir, backupDirs } = await healthy();
    const [first] = readdirSync(join(dataDir, 'journal')).sort();
    const path = join(dataDir, 'journal', first!);
    const bytes = readFileSync(path);
    bytes[30]! ^= 0x08;
    writeFileSync(path, bytes);
    const report = await verifyDataDir({ dataDir, backupDirs });
    expect(report.ok).toBe(false);
    // The snapshot holds every record of that segment: the relay starts from it.
    expect(report.recoverable).toBe(true);
    expect(report.journal.segments[0]).toMatchObject({ path, status: 'damaged', offset: 8 });
    expect(formatVerifyReport(report)).toContain(`ERROR: ${path}: damaged at offset 8`);
    expect(readFileSync(path)).toEqual(bytes);
  });

  it('calls a torn tail a warning the next start repairs', async () => {
    const { dataDir, backupDirs } = await healthy();
    const last = readdirSync(join(dataDir, 'journal')).sort().at(-1)!;
    const path = join(dataDir, 'journal', last);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 7));
    const report = await verifyDataDir({ dataDir, backupDirs });
    expect(report.ok).toBe(true);
    expect(report.journal.segments.at(-1)).toMatchObject({ status: 'torn-tail' });
    expect(report.problems).toMatchObject([{ severity: 'warning' }]);
    expect(readFileSync(path).length).toBe(bytes.length - 7);
  });

  it('reports a corrupt snapshot or backup, and whether the state can still be rebuilt', async () => {
    const { dataDir, backupDirs } = await healthy();
    writeFileSync(join(dataDir, 'daily_shifts.json'), '{"truncated":');
    let report = await verifyDataDir({ dataDir, backupDirs });
    expect(report.ok).toBe(false);
    expect(report.snapshot.status).toBe('corrupt');
    expect(report.recoverable).toBe(true); // the journal still starts at LSN 1
    const [backup] = readdirSync(backupDirs[0]!);
    writeFileSync(join(backupDirs[0]!, backup!), 'garbage');
    rmSync(join(dataDir, 'journal', readdirSync(join(dataDir, 'journal')).sort()[0]!));
    report = await verifyDataDir({ dataDir, backupDirs });
    expect(report.backups).toMatchObject([{ status: 'corrupt' }]);
    expect(report.recoverable).toBe(false);
  });
});
