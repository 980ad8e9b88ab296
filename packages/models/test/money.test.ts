import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyFractionDigits, formatMoney, parseMoney, type MoneyFormat } from '../src/index.js';

const COP: MoneyFormat = { currency: 'COP', locale: 'es-CO' };
const USD: MoneyFormat = { currency: 'USD', locale: 'en-US' };
/** Intl separates symbol and digits with no-break spaces, which differ between ICU versions. */
const plain = (text: string) => text.replace(/[\s\u00a0\u202f]/g, ' ');

describe('currencyFractionDigits', () => {
  it('knows zero-decimal and two-decimal currencies', () => {
    expect(currencyFractionDigits('COP')).toBe(0);
    expect(currencyFractionDigits('USD')).toBe(2);
    expect(currencyFractionDigits('JPY')).toBe(0);
    expect(currencyFractionDigits('KWD')).toBe(3);
  });
});

describe('formatMoney', () => {
  it('shows COP in whole pesos, without decimals', () => {
    expect(plain(formatMoney(2500, COP))).toBe('$ 2.500');
    expect(plain(formatMoney(1_234_567, COP))).toBe('$ 1.234.567');
    expect(plain(formatMoney(0, COP))).toBe('$ 0');
    expect(plain(formatMoney(-5000, COP))).toBe('-$ 5.000');
  });

  it('shows USD minor units as cents', () => {
    expect(formatMoney(250_000, USD)).toBe('$2,500.00');
    expect(formatMoney(5, USD)).toBe('$0.05');
    expect(formatMoney(-1999, USD)).toBe('-$19.99');
    expect(formatMoney(0, USD)).toBe('$0.00');
  });

  it('keeps every digit of the largest safe amount', () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, USD)).toBe('$90,071,992,547,409.91');
    expect(plain(formatMoney(Number.MAX_SAFE_INTEGER, COP))).toBe('$ 9.007.199.254.740.991');
  });

  it('honours a pinned number of fraction digits', () => {
    expect(formatMoney(2500, { ...USD, fractionDigits: 0 })).toBe('$2,500');
  });

  it('refuses amounts that are not whole minor units', () => {
    expect(() => formatMoney(0.5, USD)).toThrow(RangeError);
    expect(() => formatMoney(2 ** 53, USD)).toThrow(RangeError);
  });
});

describe('parseMoney', () => {
  it.each([
    ['2500', 2500],
    ['2.500', 2500],
    ['$ 2.500', 2500],
    ['1.234.567', 1_234_567],
    ['2.500,00', 2500],
    [' 7 ', 7],
    ['-5.000', -5000],
    ['-0', 0],
  ])('reads COP %j as %d', (text, expected) => {
    expect(parseMoney(text, COP)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['12.5', 1250],
    ['12.50', 1250],
    ['$12.05', 1205],
    ['1,234.56', 123_456],
    ['.5', 50],
    ['7.', 700],
    ['0.10', 10],
    ['90,071,992,547,409.91', Number.MAX_SAFE_INTEGER],
  ])('reads USD %j as %d', (text, expected) => {
    expect(parseMoney(text, USD)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', USD, 'required'],
    ['   ', USD, 'required'],
    ['12a', USD, 'not_a_number'],
    ['1,2,3', USD, 'not_a_number'],
    ['12.3.4', USD, 'not_a_number'],
    ['1e5', USD, 'not_a_number'],
    ['-', USD, 'not_a_number'],
    ['.', USD, 'not_a_number'],
    ['25.00', COP, 'not_a_number'],
    ['1.005', USD, 'too_many_decimals'],
    ['2,5', COP, 'too_many_decimals'],
    ['90071992547409.92', USD, 'out_of_range'],
    ['9'.repeat(41), USD, 'too_long'],
  ])('refuses %j (%o) with %s', (text, format, code) => {
    const result = parseMoney(text, format, 'tendered');
    expect(result).toMatchObject({ ok: false, issues: [{ code, field: 'tendered' }] });
  });

  it('explains the expected form', () => {
    expect(parseMoney('12a', USD)).toMatchObject({
      ok: false,
      issues: [{ message: 'amount must be an amount like $123,456.00; got "12a"' }],
    });
    expect(parseMoney('2,5', COP)).toMatchObject({
      ok: false,
      issues: [{ message: 'amount can have at most 0 decimals in COP; got "2,5"' }],
    });
  });

  it('reads back whatever formatMoney writes, exactly', () => {
    const amount = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
    fc.assert(
      fc.property(
        amount,
        fc.constantFrom(COP, USD, { currency: 'JPY', locale: 'ja-JP' }),
        (value, format) => {
          expect(parseMoney(formatMoney(value, format), format)).toEqual({
            ok: true,
            value: value || 0,
          });
        },
      ),
    );
  });
});
