// Writes daily_shifts.json atomically, streaming it in pieces so intake keeps running while a
// large snapshot is written. The checksum is patched in at its fixed offset at the end.
import { createHash } from 'node:crypto';
import type { DayView } from './bill-state.js';
import { replaceFileAtomically } from './atomic-file.js';
import type { StorageFs } from './fs-port.js';
import {
  CHECKSUM_PREFIX,
  snapshotChunks,
  type SnapshotLedger,
  type SnapshotMeta,
} from './snapshot-format.js';

export interface WrittenSnapshot {
  path: string;
  lsn: number;
  writtenAt: string;
  bytes: number;
  billCount: number;
  checksum: string;
}

export async function writeSnapshotFile(
  fs: StorageFs,
  path: string,
  meta: SnapshotMeta,
  days: readonly DayView[],
  ledger?: SnapshotLedger,
): Promise<WrittenSnapshot> {
  const hash = createHash('sha256');
  let bytes = 0;
  let checksumOffset = -1;
  await replaceFileAtomically(fs, path, async (file) => {
    for (const chunk of snapshotChunks(meta, days, ledger)) {
      if (checksumOffset < 0) {
        // Everything before the checksum is ASCII, so the character index is the byte offset.
        checksumOffset = chunk.indexOf(CHECKSUM_PREFIX) + CHECKSUM_PREFIX.length;
      }
      const data = Buffer.from(chunk, 'utf8');
      hash.update(data);
      await file.write(data);
      bytes += data.length;
    }
    await file.write(Buffer.from(hash.copy().digest('hex'), 'latin1'), checksumOffset);
  });
  const billCount = days.reduce((sum, day) => sum + day.entries.length, 0);
  const checksum = `sha256:${hash.digest('hex')}`;
  return { path, lsn: meta.lsn, writtenAt: meta.writtenAt, bytes, billCount, checksum };
}
