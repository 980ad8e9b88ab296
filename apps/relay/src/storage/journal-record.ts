// Journal record format, version 1.
//
// A segment file starts with the 8-byte magic "CAJAJNL1" (format and version), then records:
//
//   u32 LE  payload length in bytes
//   u32 LE  CRC-32C of the 4 length bytes followed by the payload
//   bytes   payload: UTF-8 JSON, one of
//           {"lsn":7,"receivedAt":"…","op":"put","shiftDate":"2026-11-27","bill":{…}}
//           {"lsn":8,"receivedAt":"…","op":"drop","throughLsn":7,"days":["2026-11-01"]}
//           {"lsn":9,"receivedAt":"…","op":"ledger","entry":{"type":"close","z":{…}}}
//         each with "prev":"<64 hex>" after "op": the SHA-256 of the previous record's payload
//         bytes (64 zeros before the first record). This hash chain makes a rewritten history
//         show: change one record and every later "prev" is wrong. Journals written before the
//         chain have no "prev" and still load; `verify` checks the chain where it is present.
//
// The CRC covers the length too, so a damaged length is caught like damaged data. "lsn" comes
// first so replay can skip records a snapshot covers without parsing their JSON. The bill is
// written with sorted keys (canonical), the same text the snapshot uses.
import { hash } from 'node:crypto';
import type { Bill } from '@caja/models';
import { isLedgerEntry, type LedgerEntry } from '../ledger/ledger-entry.js';
import { crc32c } from './crc32c.js';

/** The chain's start: the "prev" of the very first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 of a record's payload bytes, hex: the next record's "prev". */
export function payloadHash(payload: string | Uint8Array): string {
  return hash('sha256', payload);
}

export const SEGMENT_MAGIC = Buffer.from('CAJAJNL1', 'latin1');
export const FRAME_HEADER_BYTES = 8;
/** A bill of 500 lines is ~60 KB; anything near this is a damaged length, not a real record. */
export const MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;
const MIN_PAYLOAD_BYTES = '{"lsn":1}'.length;

export interface PutRecord {
  op: 'put';
  lsn: number;
  /** When the relay accepted the bill (its clock); restoreAt replays up to an instant by it. */
  receivedAt: string;
  /** The business day decided at intake, so replay needs no time-zone arithmetic. */
  shiftDate: string;
  bill: Bill;
}

/**
 * Local cleanup dropped these days; replay drops them again so they never come back. Only
 * bills with LSN <= throughLsn go: those are the ones confirmed in DynamoDB when cleanup
 * decided, and a bill of that day arriving meanwhile must survive.
 */
export interface DropRecord {
  op: 'drop';
  lsn: number;
  receivedAt: string;
  throughLsn: number;
  days: string[];
}

/** A cash move or a day close (ledger-entry.ts). */
export interface LedgerRecord {
  op: 'ledger';
  lsn: number;
  receivedAt: string;
  entry: LedgerEntry;
}

export type JournalRecord = (PutRecord | DropRecord | LedgerRecord) & {
  /** SHA-256 of the previous record's payload; absent in journals from before the chain. */
  prev?: string;
};

/** Payload JSON of a record; `billJson` is the bill's canonical JSON, already made at intake. */
export function encodePayload(record: JournalRecord, billJson?: string, prev?: string): string {
  const chain = prev === undefined ? '' : `,"prev":"${prev}"`;
  const head = `{"lsn":${record.lsn},"receivedAt":${JSON.stringify(record.receivedAt)},"op":"${record.op}"${chain}`;
  if (record.op === 'ledger') return `${head},"entry":${JSON.stringify(record.entry)}}`;
  if (record.op === 'drop') {
    return `${head},"throughLsn":${record.throughLsn},"days":${JSON.stringify(record.days)}}`;
  }
  const bill = billJson ?? JSON.stringify(record.bill);
  return `${head},"shiftDate":${JSON.stringify(record.shiftDate)},"bill":${bill}}`;
}

/** Frames payloads back to back into one buffer: one write, one fsync for the whole group. */
export function encodeFrames(payloads: readonly string[], withMagic = false): Buffer {
  let total = withMagic ? SEGMENT_MAGIC.length : 0;
  const lengths = payloads.map((payload) => Buffer.byteLength(payload));
  for (const length of lengths) total += FRAME_HEADER_BYTES + length;
  const buffer = Buffer.allocUnsafe(total);
  let offset = withMagic ? SEGMENT_MAGIC.copy(buffer, 0) : 0;
  payloads.forEach((payload, index) => {
    const length = lengths[index]!;
    if (length > MAX_PAYLOAD_BYTES) throw new RangeError(`journal record of ${length} bytes`);
    buffer.writeUInt32LE(length, offset);
    buffer.write(payload, offset + FRAME_HEADER_BYTES, length, 'utf8');
    const crc = crc32c(
      buffer,
      crc32c(buffer, 0, offset, offset + 4),
      offset + 8,
      offset + 8 + length,
    );
    buffer.writeUInt32LE(crc, offset + 4);
    offset += FRAME_HEADER_BYTES + length;
  });
  return buffer;
}

export type FrameRead =
  | { ok: true; payloadStart: number; payloadEnd: number }
  | { ok: false; reason: 'short header' | 'bad length' | 'short payload' | 'checksum mismatch' };

/** Reads the frame starting at `offset` (which must be < buffer.length). */
export function readFrame(buffer: Uint8Array, offset: number): FrameRead {
  if (buffer.length - offset < FRAME_HEADER_BYTES) return { ok: false, reason: 'short header' };
  const view = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const length = view.readUInt32LE(offset);
  if (length < MIN_PAYLOAD_BYTES || length > MAX_PAYLOAD_BYTES) {
    return { ok: false, reason: 'bad length' };
  }
  const payloadStart = offset + FRAME_HEADER_BYTES;
  const payloadEnd = payloadStart + length;
  if (payloadEnd > buffer.length) return { ok: false, reason: 'short payload' };
  const crc = crc32c(buffer, crc32c(buffer, 0, offset, offset + 4), payloadStart, payloadEnd);
  if (crc !== view.readUInt32LE(offset + 4)) return { ok: false, reason: 'checksum mismatch' };
  return { ok: true, payloadStart, payloadEnd };
}

const LSN_PREFIX = Buffer.from('{"lsn":', 'latin1');

/** The LSN of a payload read from its `{"lsn":N,` prefix, without parsing the JSON. */
export function peekLsn(buffer: Uint8Array, start: number, end: number): number | undefined {
  for (let i = 0; i < LSN_PREFIX.length; i++) {
    if (buffer[start + i] !== LSN_PREFIX[i]) return undefined;
  }
  let lsn = 0;
  let i = start + LSN_PREFIX.length;
  for (; i < end && i < start + LSN_PREFIX.length + 16; i++) {
    const digit = buffer[i]! - 0x30;
    if (digit < 0 || digit > 9) break;
    lsn = lsn * 10 + digit;
  }
  return i > start + LSN_PREFIX.length && buffer[i] === 0x2c /* , */ ? lsn : undefined;
}

/** Parses and checks a payload's text; throws a plain Error describing what is wrong. */
export function parsePayload(text: string): JournalRecord {
  const value: unknown = JSON.parse(text);
  const record = value as Partial<Omit<PutRecord, 'op'>> &
    Partial<Omit<DropRecord, 'op'>> & { op?: unknown };
  if (!value || typeof value !== 'object') throw new Error('payload is not an object');
  if (!Number.isSafeInteger(record.lsn) || record.lsn! < 1) throw new Error('payload without lsn');
  if (typeof record.receivedAt !== 'string') throw new Error('payload without receivedAt');
  if (record.op === 'put') {
    if (typeof record.shiftDate !== 'string') throw new Error('put without shiftDate');
    if (!record.bill || typeof record.bill.id !== 'string') throw new Error('put without bill');
    return record as unknown as PutRecord;
  }
  if (record.op === 'drop') {
    if (!Array.isArray(record.days)) throw new Error('drop without days');
    if (!Number.isSafeInteger(record.throughLsn)) throw new Error('drop without throughLsn');
    return record as unknown as DropRecord;
  }
  if (record.op === 'ledger') {
    if (!isLedgerEntry((value as { entry?: unknown }).entry))
      throw new Error('ledger without entry');
    return record as unknown as LedgerRecord;
  }
  throw new Error(`unknown op ${JSON.stringify(record.op)}`);
}
