// The snapshot file, daily_shifts.json, and its checksum: SHA-256 of the file's exact bytes with
// its 64 hex digits replaced by "0" (the layout: snapshot-format.ts). Apart from the format so
// that a reader of raw files (the start-up read ahead, in its worker thread) can find and check
// it without loading the rest.
import { createHash } from 'node:crypto';
import { StorageError } from './errors.js';

export const SNAPSHOT_FILE = 'daily_shifts.json';
export const CHECKSUM_PREFIX = '"checksum": "sha256:';
export const ZERO_DIGEST = '0'.repeat(64);

/** SHA-256 of the file as written (hex digits zeroed) and the digest the file claims. */
export function snapshotDigests(bytes: Buffer): { computed: string; claimed: string } {
  const at = bytes.indexOf(CHECKSUM_PREFIX, 0, 'latin1');
  if (at < 0 || at > 4096)
    throw new StorageError('SNAPSHOT_CORRUPT', 'no checksum near the top of the file');
  const start = at + CHECKSUM_PREFIX.length;
  const claimed = bytes.toString('latin1', start, start + 64);
  const computed = createHash('sha256')
    .update(bytes.subarray(0, start))
    .update(ZERO_DIGEST)
    .update(bytes.subarray(start + 64))
    .digest('hex');
  return { computed, claimed };
}
