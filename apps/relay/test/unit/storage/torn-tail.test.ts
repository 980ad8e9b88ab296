// A crash in the middle of an append leaves any prefix of the last record on disk. Every such
// prefix must be cut off at start-up, with every earlier record kept.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashImage, makeBill, openTestStore, recordingLogger, tempDir } from './helpers.js';

const SEGMENT = join('journal', '0000000000000001.journal');

describe('torn last record', () => {
  it('is cut off at every byte offset; earlier records survive and the file is truncated', async () => {
    const dir = tempDir();
    const store = await openTestStore(dir);
    await store.putMany([makeBill(1), makeBill(2)]);
    const beforeLast = statSync(join(dir, SEGMENT)).size;
    await store.putMany([makeBill(3)]);
    const image = crashImage(dir); // no snapshot was written: the journal is all there is
    await store.close();
    const full = readFileSync(join(image, SEGMENT));
    expect(full.length).toBeGreaterThan(beforeLast + 8);

    for (let cut = beforeLast; cut < full.length; cut++) {
      writeFileSync(join(image, SEGMENT), full.subarray(0, cut));
      const logger = recordingLogger();
      const reopened = await openTestStore(image, { logger });
      expect(reopened.get('bill-1')?.lsn).toBe(1);
      expect(reopened.get('bill-2')?.lsn).toBe(2);
      expect(reopened.get('bill-3')).toBeUndefined();
      expect(reopened.lsn).toBe(2);
      expect(statSync(join(image, SEGMENT)).size).toBe(beforeLast);
      if (cut > beforeLast) {
        expect(
          logger.lines.some((line) => line.level === 'warn' && /torn/.test(line.message)),
        ).toBe(true);
      }
      // close() writes a snapshot; remove it so the next cut starts from the journal alone.
      await reopened.close();
      rmSync(join(image, 'daily_shifts.json'));
    }
  }, 60_000); // a few hundred reopen cycles; a budget for slow shared machines, not a speed check

  it('accepts new bills after the cut, numbered from the last good LSN', async () => {
    const dir = tempDir();
    const store = await openTestStore(dir);
    await store.putMany([makeBill(1), makeBill(2)]);
    const image = crashImage(dir);
    await store.close();
    const path = join(image, SEGMENT);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 3));
    const reopened = await openTestStore(image);
    const [result] = await reopened.putMany([makeBill(2)]);
    expect(result).toMatchObject({ ok: true, outcome: 'created', lsn: 2 });
    await reopened.close();
    const again = await openTestStore(image);
    expect(again.get('bill-2')?.lsn).toBe(2);
    expect(again.shift('2026-11-27').billCount).toBe(2);
    await again.close();
  });
});
