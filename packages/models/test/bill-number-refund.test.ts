// The v2 bill fields: the till's bill number and the sale a credit note refunds.
import { describe, expect, it } from 'vitest';
import { BILL_LIMITS, addLine, makeCreditNote, newBill, parseBill } from '../src/index.js';
import { contractExample, firstIssue } from './support/contract-example.js';

const creditNote = {
  ...contractExample,
  id: 'note-1',
  kind: 'credit_note',
  items: [{ id: 'SKU-1', price: -2500, quantity: 1 }],
  total: -2500,
};

describe('number', () => {
  it.each([1, 42, BILL_LIMITS.maxNumber])('accepts %d and keeps it', (number) => {
    expect(parseBill({ ...contractExample, number })).toMatchObject({
      ok: true,
      value: { number },
    });
  });

  it.each([
    [0, 'out_of_range'],
    [-3, 'out_of_range'],
    [BILL_LIMITS.maxNumber + 1, 'out_of_range'],
    [2.5, 'not_integer'],
    ['7', 'wrong_type'],
    [null, 'wrong_type'],
  ])('rejects %j with %s', (number, code) => {
    const issue = firstIssue({ ...contractExample, number });
    expect(issue).toMatchObject({ code, field: 'number' });
    expect(issue.message).toContain('number must be a whole number from 1 to 999,999,999');
  });

  it('stays absent when not given (a v1 bill)', () => {
    const parsed = parseBill(contractExample);
    expect(parsed.ok && 'number' in parsed.value).toBe(false);
  });
});

describe('refundOf', () => {
  it('is kept on a credit note', () => {
    expect(parseBill({ ...creditNote, refundOf: contractExample.id })).toEqual({
      ok: true,
      value: { ...creditNote, refundOf: contractExample.id, status: 'closed' },
    });
  });

  it('is optional on a credit note (a refund without a receipt)', () => {
    const parsed = parseBill(creditNote);
    expect(parsed.ok && 'refundOf' in parsed.value).toBe(false);
  });

  it.each([
    ['an id with a slash', { ...creditNote, refundOf: 'a/b' }, 'invalid_id'],
    ['an empty id', { ...creditNote, refundOf: '' }, 'invalid_id'],
    ['a 65-character id', { ...creditNote, refundOf: 'x'.repeat(65) }, 'too_long'],
    ['a number', { ...creditNote, refundOf: 12 }, 'wrong_type'],
    ['a sale naming a sale', { ...contractExample, refundOf: 'sale-9' }, 'not_allowed'],
    ['a credit note naming itself', { ...creditNote, refundOf: 'note-1' }, 'not_allowed'],
  ])('rejects %s', (_name, input, code) => {
    expect(firstIssue(input)).toMatchObject({ code, field: 'refundOf' });
  });

  it('tells the person why a sale may not carry it', () => {
    expect(firstIssue({ ...contractExample, refundOf: 'sale-9' }).message).toBe(
      'refundOf must only be set on a credit note (kind "credit_note"); this bill is a sale',
    );
  });
});

describe('bill operations with numbers', () => {
  it('newBill takes the number the till assigns, and makeCreditNote links the sale', () => {
    const sale = newBill({
      id: 'sale-1',
      tillId: 'till-1',
      createdAt: contractExample.createdAt,
      number: 7,
    });
    expect(sale.number).toBe(7);
    const filled = addLine(sale, { id: 'SKU-1', price: 2500, quantity: 1 });
    if (!filled.ok) throw new Error('addLine failed');
    const note = makeCreditNote(filled.value, {
      id: 'note-1',
      createdAt: contractExample.createdAt,
      number: 8,
    });
    expect(note).toMatchObject({
      ok: true,
      value: { kind: 'credit_note', refundOf: 'sale-1', number: 8, total: -2500 },
    });
    if (note.ok) expect(parseBill(note.value)).toEqual({ ok: true, value: note.value });
  });
});
