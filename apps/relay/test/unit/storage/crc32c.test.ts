import { describe, expect, it } from 'vitest';
import { crc32c } from '../../../src/storage/crc32c.js';

/** Bit-by-bit CRC-32C straight from the definition, to check the table-driven one. */
function referenceCrc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('crc32c', () => {
  it('gives the standard check value for "123456789"', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('matches the RFC 3720 (iSCSI) test vectors', () => {
    const ascending = Uint8Array.from({ length: 32 }, (_, i) => i);
    const descending = Uint8Array.from({ length: 32 }, (_, i) => 31 - i);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(ascending)).toBe(0x46dd794e);
    expect(crc32c(descending)).toBe(0x113fdb5c);
  });

  it('is 0 for no bytes', () => {
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  it('agrees with the bitwise definition at every length around the 8-byte stride', () => {
    const bytes = Uint8Array.from({ length: 41 }, (_, i) => (i * 37 + 11) & 0xff);
    for (let length = 0; length <= bytes.length; length++) {
      expect(crc32c(bytes.subarray(0, length))).toBe(referenceCrc32c(bytes.subarray(0, length)));
    }
  });

  it('continues a running CRC across pieces and honours start/end', () => {
    const text = Buffer.from('length bytes, then the payload of a record');
    const whole = crc32c(text);
    for (const cut of [0, 3, 8, 17, text.length]) {
      expect(crc32c(text, crc32c(text, 0, 0, cut), cut)).toBe(whole);
    }
    expect(crc32c(text, 0, 7, 19)).toBe(crc32c(text.subarray(7, 19)));
  });

  it('changes when any single bit changes', () => {
    const bytes = Buffer.from('{"lsn":1,"op":"put"}');
    const original = crc32c(bytes);
    for (let i = 0; i < bytes.length * 8; i++) {
      const flipped = Buffer.from(bytes);
      flipped[i >> 3]! ^= 1 << (i & 7);
      expect(crc32c(flipped)).not.toBe(original);
    }
  });
});
