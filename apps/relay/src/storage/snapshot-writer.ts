// Writes daily_shifts.json atomically, in pieces so intake keeps running while a large snapshot
// is written. The checksum is patched in at its fixed offset at the end.
import { createHash } from 'node:crypto';
import type { DayView } from './bill-state.js';
import { replaceFileAtomically } from './atomic-file.js';
import type { StorageFs } from './fs-port.js';
import { CHECKSUM_PREFIX } from './snapshot-file.js';
import { snapshotPieces, type SnapshotLedger, type SnapshotMeta } from './snapshot-format.js';

export interface WrittenSnapshot {
  path: string;
  lsn: number;
  writtenAt: string;
  bytes: number;
  billCount: number;
  checksum: string;
}

/** Bytes encoded before each write (and each turn given back to intake). */
const CHUNK_BYTES = 512 * 1024;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_PER_UNIT = 3;

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
  // One buffer for the whole file: each piece is encoded into it, and it is written out (and
  // hashed) when the next piece might not fit.
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  await replaceFileAtomically(fs, path, async (file) => {
    const flush = async () => {
      const data = buffer.subarray(0, used);
      hash.update(data);
      await file.write(data);
      bytes += used;
      used = 0;
    };
    for (const piece of snapshotPieces(meta, days, ledger)) {
      const room = piece.length * MAX_UTF8_PER_UNIT;
      if (used + room > buffer.length) {
        if (used > 0) await flush();
        if (room > buffer.length) buffer = Buffer.allocUnsafe(room);
      }
      if (checksumOffset < 0) {
        const at = piece.indexOf(CHECKSUM_PREFIX);
        // Everything before the checksum is ASCII, so the character index is the byte offset.
        if (at >= 0) checksumOffset = bytes + used + at + CHECKSUM_PREFIX.length;
      }
      used += buffer.write(piece, used, 'utf8');
    }
    if (used > 0) await flush();
    await file.write(Buffer.from(hash.copy().digest('hex'), 'latin1'), checksumOffset);
  });
  const billCount = days.reduce((sum, day) => sum + day.entries.length, 0);
  const checksum = `sha256:${hash.digest('hex')}`;
  return { path, lsn: meta.lsn, writtenAt: meta.writtenAt, bytes, billCount, checksum };
}
