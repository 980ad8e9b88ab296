// The amount being typed, as text, and what it means. Pure: the sale store and the keypad both
// use these, and they are tested without a browser.
import {
  BILL_LIMITS,
  parseMoney,
  type LineItem,
  type MinorUnits,
  type MoneyFormat,
} from '@caja/models';

/** Longer than any real amount; keeps absurd input (a held-down key) out of the entry. */
export const MAX_ENTRY_LENGTH = 13;
export const MAX_QUANTITY = 9_999;

export type EntryRefusal = 'too_long' | 'no_decimals' | 'second_separator' | 'too_many_decimals';

export function decimalSeparator(locale: string): string {
  const part = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal');
  return part?.value ?? '.';
}

/**
 * Appends typed characters (digits, or "." / "," for the decimal separator) to the entry.
 * Refuses instead of truncating, so the cashier sees why a key did nothing.
 */
export function appendToEntry(
  entry: string,
  typed: string,
  rules: { fractionDigits: number; separator: string },
): { ok: true; entry: string } | { ok: false; reason: EntryRefusal } {
  let next = entry;
  for (const char of typed) {
    if (char >= '0' && char <= '9') {
      const decimals = next.includes(rules.separator) ? next.split(rules.separator)[1]! : null;
      if (decimals !== null && decimals.length >= rules.fractionDigits) {
        return { ok: false, reason: 'too_many_decimals' };
      }
      // A leading zero adds nothing ("007" is 7) and hides typos.
      next = next === '0' ? char : next + char;
    } else if (char === '.' || char === ',') {
      if (rules.fractionDigits === 0) return { ok: false, reason: 'no_decimals' };
      if (next.includes(rules.separator)) return { ok: false, reason: 'second_separator' };
      next = (next === '' ? '0' : next) + rules.separator;
    }
    if (next.length > MAX_ENTRY_LENGTH) return { ok: false, reason: 'too_long' };
  }
  return { ok: true, entry: next };
}

export type AmountProblem = 'not_a_number' | 'too_many_decimals' | 'too_large' | 'zero';

/** The entry as a positive amount in minor units. */
export function entryAmount(
  entry: string,
  format: MoneyFormat,
): { ok: true; amount: MinorUnits } | { ok: false; problem: AmountProblem } {
  const parsed = parseMoney(entry, format);
  if (!parsed.ok) {
    const code = parsed.issues[0]?.code;
    if (code === 'too_many_decimals') return { ok: false, problem: 'too_many_decimals' };
    if (code === 'out_of_range' || code === 'too_long') return { ok: false, problem: 'too_large' };
    return { ok: false, problem: 'not_a_number' };
  }
  if (parsed.value <= 0) return { ok: false, problem: 'zero' };
  // The most one bill may hold (the relay refuses more, so day totals stay exact).
  if (parsed.value > BILL_LIMITS.maxAmount) {
    return { ok: false, problem: 'too_large' };
  }
  return { ok: true, amount: parsed.value };
}

/** The entry as a quantity (1 to 9,999), or undefined. */
export function entryQuantity(entry: string): number | undefined {
  if (!/^\d{1,4}$/.test(entry)) return undefined;
  const quantity = Number(entry);
  return quantity >= 1 && quantity <= MAX_QUANTITY ? quantity : undefined;
}

/** A fresh line id for a typed amount: typed amounts never merge, so Backspace undoes one. */
export function nextAmountLineId(items: readonly LineItem[]): string {
  let highest = 0;
  for (const item of items) {
    const match = /^AMT-(\d+)$/.exec(item.id);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return `AMT-${highest + 1}`;
}

/** How the entry looks while typing: digits grouped like money, the separator kept. */
export function displayEntry(entry: string, locale: string, separator: string): string {
  if (entry === '') return '';
  const [whole = '', fraction] = entry.split(separator);
  const grouped = new Intl.NumberFormat(locale, { useGrouping: true }).format(BigInt(whole || '0'));
  return fraction === undefined ? grouped : `${grouped}${separator}${fraction}`;
}
