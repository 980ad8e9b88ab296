import { describe, expect, it } from 'vitest';
import {
  appendToEntry,
  decimalSeparator,
  displayEntry,
  entryAmount,
  entryQuantity,
  MAX_ENTRY_LENGTH,
  nextAmountLineId,
} from '../../src/sale/entry.js';

const COP = { currency: 'COP', locale: 'es-CO', fractionDigits: 0 };
const USD = { currency: 'USD', locale: 'en-US', fractionDigits: 2 };
const pesos = { fractionDigits: 0, separator: ',' };
const dollars = { fractionDigits: 2, separator: '.' };

describe('appendToEntry', () => {
  it('appends digits and drops a leading zero', () => {
    expect(appendToEntry('', '2500', pesos)).toEqual({ ok: true, entry: '2500' });
    expect(appendToEntry('0', '7', pesos)).toEqual({ ok: true, entry: '7' });
    expect(appendToEntry('12', '000', pesos)).toEqual({ ok: true, entry: '12000' });
  });

  it('takes "." or "," as the decimal separator only where the currency has decimals', () => {
    expect(appendToEntry('12', ',', dollars)).toEqual({ ok: true, entry: '12.' });
    expect(appendToEntry('', '.', dollars)).toEqual({ ok: true, entry: '0.' });
    expect(appendToEntry('12', '.', pesos)).toEqual({ ok: false, reason: 'no_decimals' });
    expect(appendToEntry('1.5', '.', dollars)).toEqual({ ok: false, reason: 'second_separator' });
    expect(appendToEntry('1.55', '5', dollars)).toEqual({ ok: false, reason: 'too_many_decimals' });
  });

  it('refuses absurdly long input instead of truncating it', () => {
    const long = '9'.repeat(MAX_ENTRY_LENGTH);
    expect(appendToEntry(long, '9', pesos)).toEqual({ ok: false, reason: 'too_long' });
  });
});

describe('entryAmount', () => {
  it('reads pesos and dollars as exact minor units', () => {
    expect(entryAmount('12000', COP)).toEqual({ ok: true, amount: 12000 });
    expect(entryAmount('12.5', USD)).toEqual({ ok: true, amount: 1250 });
    expect(entryAmount('0.07', USD)).toEqual({ ok: true, amount: 7 });
  });

  it('names what is wrong with bad input', () => {
    expect(entryAmount('0', COP)).toEqual({ ok: false, problem: 'zero' });
    expect(entryAmount('abc', COP)).toEqual({ ok: false, problem: 'not_a_number' });
    expect(entryAmount('1.005', USD)).toEqual({ ok: false, problem: 'too_many_decimals' });
    expect(entryAmount('9'.repeat(16), COP)).toEqual({ ok: false, problem: 'too_large' });
    // The bound on one bill: up to it is fine, one more is refused at the keypad.
    expect(entryAmount('10000000000', COP)).toEqual({ ok: true, amount: 10_000_000_000 });
    expect(entryAmount('10000000001', COP)).toEqual({ ok: false, problem: 'too_large' });
  });
});

describe('entryQuantity', () => {
  it('accepts 1 to 9,999 and nothing else', () => {
    expect(entryQuantity('3')).toBe(3);
    expect(entryQuantity('9999')).toBe(9999);
    expect(entryQuantity('0')).toBeUndefined();
    expect(entryQuantity('10000')).toBeUndefined();
    expect(entryQuantity('1.5')).toBeUndefined();
    expect(entryQuantity('')).toBeUndefined();
  });
});

describe('helpers', () => {
  it('gives typed amounts fresh line ids', () => {
    expect(nextAmountLineId([])).toBe('AMT-1');
    expect(
      nextAmountLineId([
        { id: 'AMT-1', price: 1, quantity: 1 },
        { id: 'CAFE', price: 1, quantity: 1 },
        { id: 'AMT-4', price: 1, quantity: 1 },
      ]),
    ).toBe('AMT-5');
  });

  it('shows the entry grouped like money', () => {
    expect(displayEntry('1234567', 'es-CO', ',')).toBe('1.234.567');
    expect(displayEntry('1234.5', 'en-US', '.')).toBe('1,234.5');
    expect(displayEntry('', 'es-CO', ',')).toBe('');
    expect(decimalSeparator('es-CO')).toBe(',');
    expect(decimalSeparator('en-US')).toBe('.');
  });
});
