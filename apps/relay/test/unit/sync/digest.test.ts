import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@caja/models';
import { dayDigest, sameSummary, summarizeDay } from '../../../src/sync/digest.js';
import { makeBill } from './helpers.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('dayDigest', () => {
  it('is sha256 of the sorted id:version:sha256(canonical bill) lines', () => {
    const a = makeBill({ id: 'a', version: 2 });
    const b = makeBill({ id: 'b' });
    const lines = [a, b].map(
      (bill) => `${bill.id}:${bill.version}:${sha256(canonicalJson(bill))}\n`,
    );
    expect(dayDigest([b, a])).toBe(sha256(lines.join('')));
  });

  it('covers content: other content at the same id and version gives another digest', () => {
    const bill = makeBill();
    const other = { ...bill, items: [{ ...bill.items[0]!, name: 'Tea' }] };
    expect(dayDigest([other])).not.toBe(dayDigest([bill]));
    // Key order is not content.
    const reordered = Object.fromEntries(Object.entries(bill).reverse()) as typeof bill;
    expect(dayDigest([reordered])).toBe(dayDigest([bill]));
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
