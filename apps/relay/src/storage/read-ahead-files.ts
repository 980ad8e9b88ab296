// What the start-up read ahead does in its worker thread (read-ahead-worker.ts): read
// daily_shifts.json and the journal segments recovery will replay, and check them (the
// snapshot's SHA-256, every record's CRC), while the relay's main thread is still loading its
// code. Recovery then takes the bytes and the verdicts instead of reading and checking again:
// reading and checking 100,000 bills is about half of a restart, and it now overlaps the rest.
//
// Nothing here decides anything: recovery uses a file read ahead only when the file is still
// the same one (read-ahead.ts compares its identity), and a file that fails a check is read and
// judged again by recovery itself, exactly as without the read ahead.
import { closeSync, fstatSync, openSync, readSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { nodeStorageFs } from './fs-port.js';
import { scanSegment, type SegmentScan } from './journal-scan.js';
import { JOURNAL_DIR, listSegments } from './journal-segments.js';
import { SNAPSHOT_FILE, snapshotDigests } from './snapshot-file.js';

/** A file as read: `identity` changes whenever the file may have (size, times, inode). */
interface FileRead {
  path: string;
  identity: string;
  bytes: ArrayBuffer;
}

export type ReadAheadMessage =
  | ({ kind: 'snapshot'; digestChecked: boolean } & FileRead)
  | ({ kind: 'segment'; scan: SegmentScan } & FileRead)
  /** Not read (missing, changing, or a segment replay will skip): the reader reads it if needed. */
  | { kind: 'skipped'; path: string }
  | { kind: 'done' };

export function fileIdentity(stats: BigIntStats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
}

/** The whole file, or undefined when it is missing or changed while it was read. */
function readWhole(path: string): Omit<FileRead, 'path'> | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const before = fstatSync(fd, { bigint: true });
    const bytes = new Uint8Array(Number(before.size));
    let at = 0;
    while (at < bytes.length) {
      const read = readSync(fd, bytes, at, bytes.length - at, at);
      if (read === 0) break;
      at += read;
    }
    const identity = fileIdentity(before);
    const unchanged = fileIdentity(fstatSync(fd, { bigint: true })) === identity;
    return at === bytes.length && unchanged ? { identity, bytes: bytes.buffer } : undefined;
  } finally {
    closeSync(fd);
  }
}

const SNAPSHOT_LSN = /"lsn": (\d+),/;

/** The LSN a checked snapshot covers, read from its header: which segments replay will skip. */
function snapshotLsn(bytes: Buffer): number {
  const match = SNAPSHOT_LSN.exec(bytes.toString('latin1', 0, Math.min(bytes.length, 4096)));
  return match ? Number(match[1]) : 0;
}

/**
 * Reads ahead what recovery of `dataDir` will read, in the order it reads it, handing each file
 * to `post` as soon as it is checked (its bytes are given away: `transfer`).
 */
export async function readAhead(
  dataDir: string,
  post: (message: ReadAheadMessage, transfer: ArrayBuffer[]) => void,
): Promise<void> {
  let coveredLsn = 0;
  const snapshotPath = join(dataDir, SNAPSHOT_FILE);
  const snapshot = readWhole(snapshotPath);
  if (snapshot) {
    const bytes = Buffer.from(snapshot.bytes);
    let digestChecked = false;
    try {
      const { computed, claimed } = snapshotDigests(bytes);
      digestChecked = computed === claimed;
    } catch {
      // Recovery reads it again and says what is wrong with it.
    }
    if (digestChecked) coveredLsn = snapshotLsn(bytes);
    post({ kind: 'snapshot', path: snapshotPath, digestChecked, ...snapshot }, [snapshot.bytes]);
  } else {
    post({ kind: 'skipped', path: snapshotPath }, []);
  }
  const segments = await listSegments(nodeStorageFs, join(dataDir, JOURNAL_DIR));
  for (const [index, segment] of segments.entries()) {
    // Replay skips a segment whose records the snapshot holds (all but the one ending at it).
    const nextFirstLsn = segments[index + 1]?.firstLsn;
    const read =
      nextFirstLsn !== undefined && nextFirstLsn - 1 < coveredLsn
        ? undefined
        : readWhole(segment.path);
    if (!read) {
      post({ kind: 'skipped', path: segment.path }, []);
      continue;
    }
    const scan = scanSegment(Buffer.from(read.bytes));
    post({ kind: 'segment', path: segment.path, scan, ...read }, [read.bytes]);
  }
  post({ kind: 'done' }, []);
}
