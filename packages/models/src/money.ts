// Money at the UI edge: integer minor units to text and back. Exact both ways: the
// decimal string is built from the integer's digits, never by dividing a float.
import { describeValue, fail, succeed, type ParseResult } from './result.js';
import type { MinorUnits } from './types.js';

export interface MoneyFormat {
  /** ISO 4217 code, e.g. "COP", "USD". */
  currency: string;
  /** BCP 47 locale for separators and symbol placement, e.g. "es-CO", "en-US". */
  locale: string;
  /**
   * Digits after the decimal point of one major unit. Defaults to the currency's own, as the
   * runtime's Intl reports it. Pin it in store settings when tills may run different browsers:
   * ICU versions have disagreed (older CLDR gave COP two digits), and the scale of stored
   * amounts must never change with the browser.
   */
  fractionDigits?: number;
}

const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormatter(locale: string, currency: string, digits?: number): Intl.NumberFormat {
  const key = `${locale}|${currency}|${digits ?? ''}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const options: Intl.NumberFormatOptions = { style: 'currency', currency };
    if (digits !== undefined) {
      options.minimumFractionDigits = digits;
      options.maximumFractionDigits = digits;
    }
    formatter = new Intl.NumberFormat(locale, options);
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * Digits of a currency's minor unit (USD 2, COP 0, KWD 3) from Intl. Read with a fixed locale:
 * the scale of an amount belongs to the currency, never to the display language.
 */
export function currencyFractionDigits(currency: string): number {
  return currencyFormatter('en', currency).resolvedOptions().maximumFractionDigits ?? 2;
}

function digitsOf(format: MoneyFormat): number {
  return format.fractionDigits ?? currencyFractionDigits(format.currency);
}

/** 123456 with 2 digits → "1234.56"; -5 with 2 → "-0.05"; 2500 with 0 → "2500". */
function decimalString(amount: MinorUnits, digits: number): `${number}` {
  const sign = amount < 0 ? '-' : '';
  const magnitude = String(Math.abs(amount)).padStart(digits + 1, '0');
  if (digits === 0) return `${sign}${magnitude}` as `${number}`;
  const cut = magnitude.length - digits;
  return `${sign}${magnitude.slice(0, cut)}.${magnitude.slice(cut)}` as `${number}`;
}

/** An amount for people: formatMoney(250000, {currency: 'USD', locale: 'en-US'}) → "$2,500.00". */
export function formatMoney(amount: MinorUnits, format: MoneyFormat): string {
  if (!Number.isSafeInteger(amount)) {
    throw new RangeError(`Money must be whole minor units; got ${String(amount)}`);
  }
  const digits = digitsOf(format);
  // A string keeps every digit: Intl formats decimal strings exactly (ES2023).
  return currencyFormatter(format.locale, format.currency, digits).format(
    decimalString(amount, digits),
  );
}

interface Symbols {
  decimal: string;
  group: string;
  currency: string;
}

function symbolsOf(format: MoneyFormat): Symbols {
  // Ask for two digits whatever the currency, so the parts always hold a decimal separator.
  const parts = currencyFormatter(format.locale, format.currency, 2).formatToParts(12345.6);
  const part = (type: string, fallback: string) =>
    parts.find((candidate) => candidate.type === type)?.value ?? fallback;
  return {
    decimal: part('decimal', '.'),
    group: part('group', ','),
    currency: part('currency', ''),
  };
}

const MAX_INPUT = 40;
const SPACES = /[\s\u00a0\u202f\u200e\u200f\u061c]/g;

/**
 * A cashier's typed amount in the locale's own separators, to exact minor units:
 * parseMoney('2.500', {currency: 'COP', locale: 'es-CO'}) → 2500;
 * parseMoney('12.5', {currency: 'USD', locale: 'en-US'}) → 1250.
 * Group separators must sit between groups of three digits, so "25.00" in es-CO (where "." groups
 * thousands) is refused rather than read as 2,500. Extra decimals are refused unless they are
 * zeros ("2.500,00" COP is 2500). A leading minus is allowed; callers decide whether it fits.
 */
export function parseMoney(
  text: string,
  format: MoneyFormat,
  field = 'amount',
): ParseResult<MinorUnits> {
  if (text.length > MAX_INPUT) {
    return fail(
      'too_long',
      field,
      `${field} must be at most ${MAX_INPUT} characters; got ${describeValue(text)}`,
    );
  }
  const symbols = symbolsOf(format);
  let body = text.replace(SPACES, '');
  for (const symbol of [symbols.currency, format.currency]) {
    if (symbol) body = body.replace(symbol.replace(SPACES, ''), '');
  }
  if (body === '') return fail('required', field, `${field} is required: type an amount`);
  const negative = /^[-\u2212]/.test(body);
  if (negative) body = body.slice(1);

  const [whole = '', fraction = '', ...extra] = body.split(symbols.decimal);
  const groups = whole.split(symbols.group);
  const wellGrouped =
    groups.every((group) => /^\d+$/.test(group)) &&
    (groups.length === 1 || groups.slice(1).every((group) => group.length === 3)) &&
    (groups[0] ?? '').length <= (groups.length === 1 ? Infinity : 3);
  if (
    extra.length > 0 ||
    !(wellGrouped || (whole === '' && fraction !== '')) ||
    !/^\d*$/.test(fraction) ||
    (body.includes(symbols.decimal) && fraction === '' && whole === '')
  ) {
    return fail(
      'not_a_number',
      field,
      `${field} must be an amount like ${formatMoney(123456 * 10 ** digitsOf(format), format)}; got ${describeValue(text)}`,
    );
  }

  const digits = digitsOf(format);
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > digits) {
    return fail(
      'too_many_decimals',
      field,
      `${field} can have at most ${digits} decimal${digits === 1 ? '' : 's'} in ${format.currency}; got ${describeValue(text)}`,
    );
  }
  const minor = BigInt(groups.join('') + significant.padEnd(digits, '0')) * (negative ? -1n : 1n);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER) || minor < BigInt(Number.MIN_SAFE_INTEGER)) {
    return fail(
      'out_of_range',
      field,
      `${field} is too large to count exactly; got ${describeValue(text)}`,
    );
  }
  // `|| 0` turns "-0" into 0: minus zero is the same money and must compare equal.
  return succeed(Number(minor) || 0);
}
