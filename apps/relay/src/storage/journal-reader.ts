// Reads the whole journal in LSN order for recovery and restore. Damage is an alarm (typed
// error naming the file and offset); a torn tail of the last segment is crash debris: cut off
// (recovery) or ignored (read-only restore). At start-up, segments whose every record the
// snapshot holds need not be read before the relay answers: they are checked afterwards, in
// slices, by checkCoveredSegments (damage there loses nothing: a warning, as when read).
import { setImmediate as nextTurn } from 'node:timers/promises';
import { StorageError, errnoCode } from './errors.js';
import type { StorageFs } from './fs-port.js';
import { peekLsn, readFrame } from './journal-frame.js';
import {
  findValidFrameAfter,
  scanSegment,
  visitScanned,
  type SegmentScan,
} from './journal-scan.js';
import { listSegments, type SegmentFile } from './journal-segments.js';
import type { Logger } from '../logging/logger.js';
import type { ReadAhead } from './read-ahead.js';

export interface ReadSegment extends SegmentFile {
  /** Bytes of good records (including the magic); the file is cut to this on repair. */
  goodEnd: number;
  records: number;
  lastLsn?: number;
  /** Not read (skipCoveredThrough): its records are assumed good until checkCoveredSegments runs. */
  unread?: true;
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
  /**
   * Records up to this LSN are in a good snapshot the caller starts from. Damaged records that
   * all lie at or below it lose nothing: they are skipped with a warning instead of stopping
   * start-up. Damage past it is still an alarm.
   */
  coveredLsn?: number;
  /**
   * A segment that is not the last and whose records all have LSNs up to this is not read at
   * all (start-up from a snapshot: the caller checks it later with checkCoveredSegments).
   */
  skipCoveredThrough?: number;
  logger: Logger;
  visit: JournalVisitor;
  /** Segments read and checked ahead (start-up): taken instead of read, when still the files. */
  readAhead?: Pick<ReadAhead, 'segment'>;
}

export async function readJournal(
  fs: StorageFs,
  journalDir: string,
  { repair, logger, visit, readAhead, coveredLsn = 0, skipCoveredThrough = 0 }: ReadJournalOptions,
): Promise<ReadSegment[]> {
  const files = await listSegments(fs, journalDir);
  const segments: ReadSegment[] = [];
  for (const [index, file] of files.entries()) {
    const nextFirstLsn = files[index + 1]?.firstLsn;
    if (nextFirstLsn !== undefined && nextFirstLsn - 1 <= skipCoveredThrough) {
      const lastLsn = nextFirstLsn - 1;
      const records = lastLsn - file.firstLsn + 1;
      segments.push({ ...file, goodEnd: await fs.size(file.path), records, lastLsn, unread: true });
      continue;
    }
    const ahead = await readAhead?.segment(file.path);
    const bytes = ahead?.bytes ?? (await fs.readFile(file.path));
    const onRecord = (lsn: number, start: number, end: number) =>
      visit(lsn, bytes, start, end, file);
    let scan: SegmentScan;
    if (ahead) {
      scan = ahead.scan;
      visitScanned(bytes, scan, onRecord);
    } else {
      scan = scanSegment(bytes, onRecord);
    }
    if (scan.firstLsn !== undefined && scan.firstLsn !== file.firstLsn) {
      throw damaged(file.path, 0, `its first record has LSN ${scan.firstLsn}`);
    }
    const isLast = index === files.length - 1;
    skipCoveredDamage(bytes, scan, file, files[index + 1]?.firstLsn, coveredLsn, onRecord, logger);
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

/**
 * Damage whose records the snapshot already holds: resumes the scan at the next good frame
 * (or ends the segment when the next segment follows on) as long as every record it skips has
 * an LSN at or below `coveredLsn`. Updates `scan` in place; leaves other damage for the caller.
 */
function skipCoveredDamage(
  bytes: Buffer,
  scan: SegmentScan,
  file: SegmentFile,
  nextFirstLsn: number | undefined,
  coveredLsn: number,
  onRecord: (lsn: number, start: number, end: number) => void,
  logger: Logger,
): void {
  while (scan.problem && scan.problem.offset > 0) {
    const { offset } = scan.problem;
    const resumeAt = findValidFrameAfter(bytes, offset + 1);
    const frame = resumeAt >= 0 ? readFrame(bytes, resumeAt) : undefined;
    const lsnAfter =
      frame?.ok === true ? peekLsn(bytes, frame.payloadStart, frame.payloadEnd) : nextFirstLsn;
    // Only when something good follows: a bad tail of the last segment is a torn append.
    if (lsnAfter === undefined || lsnAfter - 1 > coveredLsn) return;
    if (resumeAt < 0 && scan.problem.kind === 'torn' && nextFirstLsn === undefined) return;
    logger.warn('journal: skipped damaged records that daily_shifts.json already holds', {
      file: file.path,
      offset,
      throughLsn: lsnAfter - 1,
      coveredLsn,
      reason: scan.problem.reason,
    });
    if (resumeAt < 0) {
      scan.problem = undefined;
      return;
    }
    const rest = scanSegment(bytes, onRecord, resumeAt);
    scan.records += rest.records;
    scan.firstLsn ??= rest.firstLsn;
    if (rest.lastLsn !== undefined) scan.lastLsn = rest.lastLsn;
    scan.goodEnd = rest.goodEnd;
    scan.problem = rest.problem;
  }
}

/** Bytes of journal checked per turn of the event loop by checkCoveredSegments (about 2 ms). */
const CHECK_SLICE_BYTES = 256 * 1024;

/**
 * Reads segments readJournal skipped (every record in the snapshot) in slices of
 * CHECK_SLICE_BYTES, a turn of the event loop between them, and warns about damage, as
 * readJournal does for damage the snapshot covers. A segment deleted meanwhile (retention) is
 * passed over; `stopped` ends the check early (the store is closing).
 */
export async function checkCoveredSegments(
  fs: StorageFs,
  segments: readonly ReadSegment[],
  logger: Logger,
  stopped: () => boolean,
): Promise<void> {
  for (const segment of segments) {
    if (stopped()) return;
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(segment.path);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') continue;
      throw error;
    }
    const problem = await checkSegmentInSlices(bytes, segment, stopped);
    if (!problem) continue;
    logger.warn('journal: skipped damaged records that daily_shifts.json already holds', {
      file: segment.path,
      offset: problem.offset,
      throughLsn: segment.lastLsn,
      reason: problem.reason,
    });
  }
}

async function checkSegmentInSlices(
  bytes: Buffer,
  segment: ReadSegment,
  stopped: () => boolean,
): Promise<{ offset: number; reason: string } | undefined> {
  let from: number | undefined;
  let expected = segment.firstLsn;
  for (;;) {
    const scan = scanSegment(bytes, undefined, from, CHECK_SLICE_BYTES);
    if (scan.firstLsn !== undefined && scan.firstLsn !== expected) {
      const reason = `LSN ${scan.firstLsn} where LSN ${expected} was due`;
      return { offset: from ?? 0, reason };
    }
    if (scan.problem) return scan.problem;
    if (scan.lastLsn !== undefined) expected = scan.lastLsn + 1;
    if (scan.goodEnd >= bytes.length) break;
    from = scan.goodEnd;
    await nextTurn();
    if (stopped()) return undefined;
  }
  if (expected - 1 !== segment.lastLsn) {
    const reason = `ends at LSN ${expected - 1}, the next segment starts at LSN ${segment.lastLsn! + 1}`;
    return { offset: bytes.length, reason };
  }
  return undefined;
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
