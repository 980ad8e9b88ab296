import { describe, expect, it } from 'vitest';
import {
  FRAME_HEADER_BYTES,
  SEGMENT_MAGIC,
  encodeFrames,
  peekLsn,
  readFrame,
} from '../../../src/storage/journal-frame.js';
import {
  encodePayload,
  parsePayload,
  type JournalRecord,
} from '../../../src/storage/journal-record.js';
import { crc32c } from '../../../src/storage/crc32c.js';
import { makeBill } from './helpers.js';

const put: JournalRecord = {
  op: 'put',
  lsn: 42,
  receivedAt: '2026-11-27T15:04:05.123Z',
  shiftDate: '2026-11-27',
  bill: makeBill(1, {
    items: [{ id: 'SKU-ñ', name: 'Café ☕', price: 101, quantity: 2 }],
    total: 202,
  }),
};
const drop: JournalRecord = {
  op: 'drop',
  lsn: 43,
  receivedAt: '2026-11-27T15:04:06.000Z',
  throughLsn: 42,
  days: ['2026-11-01', '2026-11-02'],
};

describe('journal records', () => {
  it('round-trips put and drop payloads, with lsn first', () => {
    for (const record of [put, drop]) {
      const text = encodePayload(record);
      expect(text.startsWith(`{"lsn":${record.lsn},`)).toBe(true);
      expect(parsePayload(text)).toEqual(record);
    }
  });

  it('frames payloads as length, CRC-32C of length + payload, payload', () => {
    const payload = encodePayload(put);
    const frame = encodeFrames([payload]);
    const length = Buffer.byteLength(payload);
    expect(frame.length).toBe(FRAME_HEADER_BYTES + length);
    expect(frame.readUInt32LE(0)).toBe(length);
    expect(frame.readUInt32LE(4)).toBe(
      crc32c(Buffer.concat([frame.subarray(0, 4), Buffer.from(payload)])),
    );
    expect(frame.toString('utf8', 8)).toBe(payload);
  });

  it('reads back several frames of one group, after the segment magic', () => {
    const payloads = [encodePayload(put), encodePayload(drop)];
    const bytes = encodeFrames(payloads, true);
    expect(bytes.subarray(0, SEGMENT_MAGIC.length).toString()).toBe('CAJAJNL1');
    let offset = SEGMENT_MAGIC.length;
    const read: string[] = [];
    while (offset < bytes.length) {
      const frame = readFrame(bytes, offset);
      if (!frame.ok) throw new Error(frame.reason);
      read.push(bytes.toString('utf8', frame.payloadStart, frame.payloadEnd));
      expect(peekLsn(bytes, frame.payloadStart, frame.payloadEnd)).toBe(
        read.length === 1 ? 42 : 43,
      );
      offset = frame.payloadEnd;
    }
    expect(read).toEqual(payloads);
  });

  it('names what is wrong with a bad frame', () => {
    const frame = encodeFrames([encodePayload(put)]);
    expect(readFrame(frame.subarray(0, 5), 0)).toEqual({ ok: false, reason: 'short header' });
    expect(readFrame(frame.subarray(0, frame.length - 1), 0)).toEqual({
      ok: false,
      reason: 'short payload',
    });
    const flipped = Buffer.from(frame);
    flipped[20]! ^= 0x01;
    expect(readFrame(flipped, 0)).toEqual({ ok: false, reason: 'checksum mismatch' });
    const zeroLength = Buffer.from(frame);
    zeroLength.writeUInt32LE(0, 0);
    expect(readFrame(zeroLength, 0)).toEqual({ ok: false, reason: 'bad length' });
  });

  it('catches a damaged length even when the shorter payload still fits', () => {
    const frame = encodeFrames([encodePayload(put)]);
    frame.writeUInt32LE(frame.readUInt32LE(0) - 1, 0);
    expect(readFrame(frame, 0)).toEqual({ ok: false, reason: 'checksum mismatch' });
  });

  it('peeks no LSN from a payload of another shape', () => {
    const bytes = Buffer.from('{"op":"put","lsn":3}');
    expect(peekLsn(bytes, 0, bytes.length)).toBeUndefined();
  });

  it('rejects payloads that are not records', () => {
    expect(() => parsePayload('{"lsn":1,"receivedAt":"x","op":"other"}')).toThrow(/unknown op/);
    expect(() => parsePayload('{"receivedAt":"x","op":"put"}')).toThrow(/lsn/);
    expect(() => parsePayload('{"lsn":1,"receivedAt":"x","op":"put","shiftDate":"d"}')).toThrow(
      /bill/,
    );
  });
});
