import { describe, expect, it } from 'vitest';
import { encodeFrames } from '../../../src/storage/journal-frame.js';
import { encodePayload } from '../../../src/storage/journal-record.js';
import { scanSegment } from '../../../src/storage/journal-scan.js';
import { makeBill } from './helpers.js';

function segment(lsns: number[]): Buffer {
  const payloads = lsns.map((lsn) =>
    encodePayload({
      op: 'put',
      lsn,
      receivedAt: '2026-11-27T15:00:00.000Z',
      shiftDate: '2026-11-27',
      bill: makeBill(lsn),
    }),
  );
  return encodeFrames(payloads, true);
}

describe('scanSegment', () => {
  it('visits every record of a clean segment in order', () => {
    const seen: number[] = [];
    const bytes = segment([5, 6, 7]);
    const scan = scanSegment(bytes, (lsn) => seen.push(lsn));
    expect(seen).toEqual([5, 6, 7]);
    expect(scan).toEqual({ goodEnd: bytes.length, records: 3, firstLsn: 5, lastLsn: 7 });
  });

  it('accepts an empty file and a file holding only the magic', () => {
    expect(scanSegment(Buffer.alloc(0))).toEqual({ goodEnd: 0, records: 0 });
    expect(scanSegment(segment([]))).toEqual({ goodEnd: 8, records: 0 });
  });

  it('calls a cut-off magic torn and foreign bytes damaged', () => {
    expect(scanSegment(Buffer.from('CAJA')).problem?.kind).toBe('torn');
    expect(scanSegment(Buffer.from('NOTAJOURNAL')).problem?.kind).toBe('damaged');
  });

  it('calls bad bytes at the end torn, keeping everything before them', () => {
    const bytes = segment([1, 2, 3]);
    const clean = scanSegment(segment([1, 2]));
    const withZeros = Buffer.concat([segment([1, 2]), Buffer.alloc(300)]);
    for (const torn of [bytes.subarray(0, bytes.length - 10), withZeros]) {
      const scan = scanSegment(torn);
      expect(scan.problem).toMatchObject({ kind: 'torn', offset: clean.goodEnd });
      expect(scan.goodEnd).toBe(clean.goodEnd);
      expect(scan.lastLsn).toBe(2);
    }
  });

  it('calls a bad record followed by a good one damage, naming the offset', () => {
    const bytes = segment([1, 2, 3]);
    const secondRecord = scanSegment(segment([1])).goodEnd;
    bytes[secondRecord + 40]! ^= 0x20;
    expect(scanSegment(bytes).problem).toMatchObject({ kind: 'damaged', offset: secondRecord });
  });

  it('calls a damaged length field damage when records follow, not a torn tail', () => {
    const bytes = segment([1, 2, 3]);
    const secondRecord = scanSegment(segment([1])).goodEnd;
    bytes.writeUInt32LE(0x7fffff, secondRecord); // claims to run past the end of the file
    expect(scanSegment(bytes).problem).toMatchObject({ kind: 'damaged', offset: secondRecord });
  });

  it('calls LSNs that do not follow each other damage', () => {
    expect(scanSegment(segment([1, 2, 4])).problem).toMatchObject({
      kind: 'damaged',
      reason: 'LSN 4 follows LSN 2',
    });
  });
});
