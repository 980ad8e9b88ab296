import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dayDigest, sameSummary, summarizeDay } from '../../../src/sync/digest.js';
import { makeBill } from './helpers.js';

describe('dayDigest', () => {
  it('is sha256 of the sorted id:version lines', () => {
    const expected = createHash('sha256').update('a:2\nb:1\n').digest('hex');
    expect(
      dayDigest([
        { id: 'b', version: 1 },
        { id: 'a', version: 2 },
      ]),
    ).toBe(expected);
  });

  it('does not depend on order and changes with any version', () => {
    const bills = [makeBill(), makeBill(), makeBill()];
    const reversed = [...bills].reverse();
    expect(dayDigest(reversed)).toBe(dayDigest(bills));
    const bumped = bills.map((bill, i) => (i === 1 ? { ...bill, version: 2 } : bill));
    expect(dayDigest(bumped)).not.toBe(dayDigest(bills));
  });
});

describe('summarizeDay', () => {
  it('counts void bills without adding their total', () => {
    const summary = summarizeDay([makeBill(), makeBill({ status: 'void' })]);
    expect(summary.billCount).toBe(2);
    expect(summary.total).toBe(5000);
  });

  it('compares every field', () => {
    const a = summarizeDay([makeBill()]);
    expect(sameSummary(a, { ...a })).toBe(true);
    expect(sameSummary(a, { ...a, total: 1 })).toBe(false);
    expect(sameSummary(a, { ...a, digest: 'x' })).toBe(false);
    expect(sameSummary(a, undefined)).toBe(false);
  });
});
