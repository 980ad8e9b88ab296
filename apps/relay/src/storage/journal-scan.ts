// Walks one segment's bytes record by record. Pure: no I/O, so recovery, verify and restore
// share it and tests can feed it any byte string.
//
// A bad frame with nothing valid after it is a torn tail (a crash in the middle of an append:
// those bytes were never acknowledged). A bad frame followed by any valid frame is damage:
// acknowledged bills may follow it, so it is never dropped silently (leveldb log_format,
// etcd wal repair do the same).
import {
  FRAME_HEADER_BYTES,
  SEGMENT_MAGIC,
  peekLsn,
  readFrame,
  type FrameRead,
} from './journal-frame.js';

export interface SegmentProblem {
  /** 'torn': crash debris at the end; 'damaged': bad bytes with data after them, or bad LSNs. */
  kind: 'torn' | 'damaged';
  offset: number;
  reason: string;
}

export interface SegmentScan {
  /** Offset just past the last good record (SEGMENT_MAGIC.length for a segment with none). */
  goodEnd: number;
  records: number;
  firstLsn?: number;
  lastLsn?: number;
  problem?: SegmentProblem;
}

export type RecordVisitor = (lsn: number, payloadStart: number, payloadEnd: number) => void;

/**
 * `from`: where to start reading frames (after damage a caller may resume at a later frame).
 * `maxBytes`: stop at the first frame boundary at or past `from + maxBytes` (a background check
 * reads a segment in slices); `goodEnd` then says where to resume.
 */
export function scanSegment(
  buffer: Buffer,
  visit: RecordVisitor = () => {},
  from: number = SEGMENT_MAGIC.length,
  maxBytes: number = Infinity,
): SegmentScan {
  // A segment is created empty and gets its magic with its first records.
  if (buffer.length === 0) return { goodEnd: 0, records: 0 };
  const magicProblem = checkMagic(buffer);
  if (magicProblem) return { goodEnd: 0, records: 0, problem: magicProblem };
  const scan: SegmentScan = { goodEnd: from, records: 0 };
  let offset = from;
  const stopAt = Math.min(buffer.length, from + maxBytes);
  while (offset < stopAt) {
    const frame = readFrame(buffer, offset);
    if (!frame.ok) {
      scan.problem = classifyBadFrame(buffer, offset, frame);
      return scan;
    }
    const lsn = peekLsn(buffer, frame.payloadStart, frame.payloadEnd);
    if (lsn === undefined) {
      scan.problem = { kind: 'damaged', offset, reason: 'record without a readable LSN' };
      return scan;
    }
    if (scan.lastLsn !== undefined && lsn !== scan.lastLsn + 1) {
      const reason = `LSN ${lsn} follows LSN ${scan.lastLsn}`;
      scan.problem = { kind: 'damaged', offset, reason };
      return scan;
    }
    visit(lsn, frame.payloadStart, frame.payloadEnd);
    scan.firstLsn ??= lsn;
    scan.lastLsn = lsn;
    scan.records += 1;
    offset = frame.payloadEnd;
    scan.goodEnd = offset;
  }
  return scan;
}

/**
 * Visits the records `scan` found good in `buffer` (from scanSegment over these same bytes,
 * checksums and LSNs checked), without checking them again.
 */
export function visitScanned(buffer: Buffer, scan: SegmentScan, visit: RecordVisitor): void {
  let offset = SEGMENT_MAGIC.length;
  let lsn = scan.firstLsn ?? 0;
  while (offset < scan.goodEnd) {
    const payloadStart = offset + FRAME_HEADER_BYTES;
    const payloadEnd = payloadStart + buffer.readUInt32LE(offset);
    visit(lsn, payloadStart, payloadEnd);
    lsn += 1;
    offset = payloadEnd;
  }
}

function checkMagic(buffer: Buffer): SegmentProblem | undefined {
  const present = buffer.subarray(0, SEGMENT_MAGIC.length);
  if (!SEGMENT_MAGIC.subarray(0, present.length).equals(present)) {
    const reason = 'does not start with CAJAJNL1 (not a Caja journal segment, or a newer format)';
    return { kind: 'damaged', offset: 0, reason };
  }
  if (present.length < SEGMENT_MAGIC.length) {
    return { kind: 'torn', offset: 0, reason: 'segment header cut short' };
  }
  return undefined;
}

function classifyBadFrame(
  buffer: Buffer,
  offset: number,
  frame: Exclude<FrameRead, { ok: true }>,
): SegmentProblem {
  const next = findValidFrameAfter(buffer, offset + 1);
  if (next < 0) return { kind: 'torn', offset, reason: frame.reason };
  const reason = `${frame.reason}, with a valid record at offset ${next} after it`;
  return { kind: 'damaged', offset, reason };
}

/**
 * Offset of the first position after `from` holding a frame with a matching CRC, or -1.
 * Lengths read from JSON text are huge (ASCII bytes), so almost every position is rejected
 * by the length check before any CRC is computed: this stays linear in practice.
 */
export function findValidFrameAfter(buffer: Buffer, from: number): number {
  for (let at = from; at + FRAME_HEADER_BYTES < buffer.length; at++) {
    const length = buffer.readUInt32LE(at);
    const end = at + FRAME_HEADER_BYTES + length;
    if (end > buffer.length || buffer[at + FRAME_HEADER_BYTES] !== 0x7b) continue;
    if (buffer[end - 1] !== 0x7d) continue;
    if (readFrame(buffer, at).ok) return at;
  }
  return -1;
}
