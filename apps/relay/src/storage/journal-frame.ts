// Journal framing: how records sit in a segment file, and how each is checked. Apart from the
// records' meaning (journal-record.ts) so that a reader of raw segments (the start-up read
// ahead in its worker thread) loads nothing else.
//
// A segment file starts with the 8-byte magic "CAJAJNL1" (format and version), then records:
//
//   u32 LE  payload length in bytes
//   u32 LE  CRC-32C of the 4 length bytes followed by the payload
//   bytes   payload: UTF-8 JSON whose first member is "lsn" (journal-record.ts)
//
// The CRC covers the length too, so a damaged length is caught like damaged data.
import { crc32c } from './crc32c.js';

export const SEGMENT_MAGIC = Buffer.from('CAJAJNL1', 'latin1');
export const FRAME_HEADER_BYTES = 8;
/** A bill of 500 lines is ~60 KB; anything near this is a damaged length, not a real record. */
export const MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;
const MIN_PAYLOAD_BYTES = '{"lsn":1}'.length;

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
  const length = u32(buffer, offset);
  if (length < MIN_PAYLOAD_BYTES || length > MAX_PAYLOAD_BYTES) {
    return { ok: false, reason: 'bad length' };
  }
  const payloadStart = offset + FRAME_HEADER_BYTES;
  const payloadEnd = payloadStart + length;
  if (payloadEnd > buffer.length) return { ok: false, reason: 'short payload' };
  const crc = crc32c(buffer, crc32c(buffer, 0, offset, offset + 4), payloadStart, payloadEnd);
  if (crc !== u32(buffer, offset + 4)) return { ok: false, reason: 'checksum mismatch' };
  return { ok: true, payloadStart, payloadEnd };
}

/** Little-endian u32 at `at`, read in place (no Buffer view made per frame). */
function u32(bytes: Uint8Array, at: number): number {
  return (
    (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0
  );
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
