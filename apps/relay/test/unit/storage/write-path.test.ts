// The journal write path: group commit, ordering of in-flight versions, and disk failures.
import { describe, expect, it } from 'vitest';
import { isStorageError } from '../../../src/storage/errors.js';
import { verifyDataDir } from '../../../src/storage/verify.js';
import { FaultyFs, makeBill, openTestStore, recordingLogger, tempDir } from './helpers.js';

describe('group commit', () => {
  it('makes many concurrent puts durable with far fewer fsyncs than puts', async () => {
    const fs = new FaultyFs();
    const dir = tempDir();
    const store = await openTestStore(dir, { fs });
    const before = fs.datasyncs;
    // 32 clients, each sending its next bill as soon as the previous one is acknowledged.
    const lsns: number[] = [];
    await Promise.all(
      Array.from({ length: 32 }, async (_, client) => {
        for (let i = 0; i < 10; i++) {
          const [result] = await store.putMany([makeBill(client * 10 + i)]);
          lsns.push(result!.ok ? result!.lsn : 0);
        }
      }),
    );
    const fsyncs = fs.datasyncs - before;
    expect(fsyncs).toBeLessThan(320 / 4);
    expect(store.journalWrites).toBe(fsyncs);
    expect(lsns.sort((a, b) => a - b)).toEqual(Array.from({ length: 320 }, (_, i) => i + 1));
    await store.close();
    const reopened = await openTestStore(dir);
    expect(reopened.shift('2026-11-27').billCount).toBe(320);
    await reopened.close();
  });

  it('answers a put only once its record is fsynced', async () => {
    const fs = new FaultyFs();
    const store = await openTestStore(tempDir(), { fs });
    const syncsBefore = fs.datasyncs;
    const put = store.putMany([makeBill(1)]);
    expect(store.get('bill-1')).toBeUndefined(); // not durable, so not visible
    await put;
    expect(fs.datasyncs).toBe(syncsBefore + 1);
    expect(store.get('bill-1')?.lsn).toBe(1);
    await store.close();
  });

  it('orders two versions of one bill in flight and answers a duplicate only once durable', async () => {
    const store = await openTestStore(tempDir());
    const seen: number[] = [];
    store.subscribe((change) => seen.push(change.bill.version));
    const v1 = store.putMany([makeBill(1)]);
    const v2 = store.putMany([makeBill(1, { version: 2 })]);
    const late = store.putMany([makeBill(1)]); // decided against v2, still in flight
    const again = store.putMany([makeBill(1, { version: 2 })]).then((results) => {
      // A duplicate is acknowledged: the version it matched must already be readable.
      expect(store.get('bill-1')?.bill.version).toBe(2);
      return results;
    });
    expect(await v1).toMatchObject([{ outcome: 'created', lsn: 1 }]);
    expect(await v2).toMatchObject([{ outcome: 'updated', lsn: 2 }]);
    expect(await late).toMatchObject([{ ok: false, outcome: 'conflict', stored: { version: 2 } }]);
    expect(await again).toMatchObject([{ outcome: 'duplicate', lsn: 2 }]);
    expect(seen).toEqual([1, 2]);
    await store.close();
  });
});

describe('disk failures on append', () => {
  it('rejects the puts of a failed write, shows none of them, and keeps working', async () => {
    const fs = new FaultyFs();
    const dir = tempDir();
    const logger = recordingLogger();
    const store = await openTestStore(dir, { fs, logger });
    await store.putMany([makeBill(1)]);
    fs.failNext('write', 'ENOSPC', '.journal', true); // half the bytes land, then the disk is full
    const failing = Promise.allSettled([
      store.putMany([makeBill(2)]),
      store.putMany([makeBill(3), makeBill(1, { version: 2 })]),
    ]);
    const settled = await failing;
    for (const outcome of settled) {
      expect(outcome.status).toBe('rejected');
      expect(isStorageError((outcome as PromiseRejectedResult).reason, 'WRITE_FAILED')).toBe(true);
    }
    expect(store.get('bill-2')).toBeUndefined();
    expect(store.get('bill-1')?.bill.version).toBe(1);
    expect(store.shift('2026-11-27').billCount).toBe(1);
    expect(logger.lines.some((line) => line.level === 'error')).toBe(true);

    // Space is back: the same bills go in, numbered right after the last durable record.
    const retried = await store.putMany([makeBill(2), makeBill(1, { version: 2 })]);
    expect(retried).toMatchObject([
      { outcome: 'created', lsn: 2 },
      { outcome: 'updated', lsn: 3 },
    ]);
    await store.close();
    const report = await verifyDataDir({ dataDir: dir });
    expect(report.ok).toBe(true);
    expect(report.journal.lastLsn).toBe(3);
    const reopened = await openTestStore(dir);
    expect(reopened.get('bill-3')).toBeUndefined();
    expect(reopened.get('bill-1')?.lsn).toBe(3);
    await reopened.close();
  });

  it('stops taking bills after a failed fsync, keeps serving reads, and recovers on restart', async () => {
    const fs = new FaultyFs();
    const dir = tempDir();
    const store = await openTestStore(dir, { fs });
    await store.putMany([makeBill(1)]);
    fs.failNext('datasync', 'EIO');
    const error = await store.putMany([makeBill(2)]).catch((e: unknown) => e);
    expect(isStorageError(error, 'STORAGE_FAILED')).toBe(true);
    expect(store.get('bill-2')).toBeUndefined();
    await expect(store.putMany([makeBill(3)])).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    expect(store.get('bill-1')?.lsn).toBe(1);
    expect(store.status().journal.failed).toMatch(/fdatasync failed/);
    await store.close();
    // Restart reads what really is on disk; bill 2 was never acknowledged either way.
    const reopened = await openTestStore(dir);
    expect(reopened.get('bill-1')?.lsn).toBe(1);
    expect((await reopened.putMany([makeBill(3)]))[0]).toMatchObject({ ok: true });
    await reopened.close();
  });

  it('fails for good when part of a failed write stays and cannot be cut back', async () => {
    const fs = new FaultyFs();
    const store = await openTestStore(tempDir(), { fs });
    await store.putMany([makeBill(1)]);
    fs.failNext('write', 'EIO', '.journal', true);
    fs.failNext('truncate', 'EIO');
    const error = await store.putMany([makeBill(2)]).catch((e: unknown) => e);
    expect(isStorageError(error, 'STORAGE_FAILED')).toBe(true);
    await expect(store.putMany([makeBill(3)])).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    await store.close();
  });

  it('stays usable when a refused write left nothing behind, though the cut back failed too', async () => {
    const fs = new FaultyFs();
    const store = await openTestStore(tempDir(), { fs });
    await store.putMany([makeBill(1)]);
    // A read-only remount: the write and the cut are both refused, the file is untouched.
    fs.failNext('write', 'EROFS');
    fs.failNext('truncate', 'EROFS');
    const error = await store.putMany([makeBill(2)]).catch((e: unknown) => e);
    expect(isStorageError(error, 'WRITE_FAILED')).toBe(true);
    expect((await store.putMany([makeBill(2)]))[0]).toMatchObject({ ok: true, lsn: 2 });
    await store.close();
  });

  it('refuses puts once closed', async () => {
    const store = await openTestStore(tempDir());
    await store.close();
    await expect(store.putMany([makeBill(1)])).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });
});
