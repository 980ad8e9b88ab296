// Reads the whole journal in LSN order for recovery and restore. Damage is an alarm (typed
// error naming the file and offset); a torn tail of the last segment is crash debris: cut off
// (recovery) or ignored (read-only restore).
import { StorageError } from './errors.js';
import type { StorageFs } from './fs-port.js';
import { scanSegment } from './journal-scan.js';
import { listSegments, type SegmentFile } from './journal-segments.js';
import type { StorageLogger } from './logger.js';

export interface ReadSegment extends SegmentFile {
  /** Bytes of good records (including the magic); the file is cut to this on repair. */
  goodEnd: number;
  records: number;
  lastLsn?: number;
}

export type JournalVisitor = (
  lsn: number,
  bytes: Buffer,
  payloadStart: number,
  payloadEnd: number,
  segment: SegmentFile,
) => void;

export interface ReadJournalOptions {
  /** Cut a torn tail off the last segment (recovery); false leaves files untouched. */
  repair: boolean;
  logger: StorageLogger;
  visit: JournalVisitor;
}

export async function readJournal(
  fs: StorageFs,
  journalDir: string,
  { repair, logger, visit }: ReadJournalOptions,
): Promise<ReadSegment[]> {
  const files = await listSegments(fs, journalDir);
  const segments: ReadSegment[] = [];
  for (const [index, file] of files.entries()) {
    const bytes = await fs.readFile(file.path);
    const scan = scanSegment(bytes, (lsn, start, end) => visit(lsn, bytes, start, end, file));
    if (scan.firstLsn !== undefined && scan.firstLsn !== file.firstLsn) {
      throw damaged(file.path, 0, `its first record has LSN ${scan.firstLsn}`);
    }
    const isLast = index === files.length - 1;
    const { problem } = scan;
    if (problem && (problem.kind === 'damaged' || !isLast)) {
      throw damaged(file.path, problem.offset, problem.reason);
    }
    if (problem && repair) {
      await cutTornTail(fs, file.path, scan.goodEnd);
      logger.warn('journal: cut off a torn last record (crash during an append)', {
        file: file.path,
        offset: problem.offset,
        droppedBytes: bytes.length - scan.goodEnd,
        reason: problem.reason,
      });
    }
    segments.push({ ...file, goodEnd: scan.goodEnd, records: scan.records, lastLsn: scan.lastLsn });
  }
  return segments;
}

async function cutTornTail(fs: StorageFs, path: string, goodEnd: number): Promise<void> {
  const file = await fs.openForAppend(path);
  try {
    await file.truncate(goodEnd);
    await file.datasync();
  } finally {
    await file.close();
  }
}

function damaged(path: string, offset: number, reason: string): StorageError {
  return new StorageError(
    'JOURNAL_DAMAGED',
    `Journal segment ${path} is damaged at byte offset ${offset} (${reason}). ` +
      'Records after that point may hold acknowledged bills, so the relay will not start and drop them. ' +
      'Copy DATA_DIR somewhere safe, run "node apps/relay/dist/main.js verify" for a full report, ' +
      'and repair or restore from a backup before starting again.',
  );
}
