// Field rules shared by the bill schema and by checks on single values (ids in URL paths).
// Each returns why a value breaks the rule, as a code and the end of a sentence that starts with
// the field's name, or undefined when the value is fine.
import { describeValue, type ValidationCode } from './result.js';

/** The limits of the wire format (docs/api.md, "Bill, on the wire"), for forms and tests too. */
export const BILL_LIMITS = {
  idMaxLength: 64,
  maxItems: 500,
  minQuantity: 1,
  maxQuantity: 9_999,
  /** Item names are shown on a receipt line; 200 is generous and bounds record size. */
  nameMaxLength: 200,
  /** A card terminal's approval code or transaction id. */
  referenceMaxLength: 100,
  /** A free note on an "other" payment (voucher number, who owes it). */
  noteMaxLength: 500,
  /**
   * A till's bill number. Nine digits fit a receipt's number field and a year of 10,000 bills a
   * day for 270 years; a larger one is a corrupted counter, not a real bill.
   */
  maxNumber: 999_999_999,
  /**
   * The largest amount one bill (or one line, or the cash handed over) may hold, either sign:
   * 10^10 minor units, 100 million in a two-decimal currency, 10 billion COP, far beyond any
   * till sale. The reason is exact arithmetic: totals are doubles, exact below 2^53 ≈ 9·10^15,
   * so with this bound 900,000 bills of the largest size still add up exactly in a day, a
   * month or a grand total, while unbounded bills could each pass 2^53 and make the relay's
   * endpoints disagree by rounding.
   */
  maxAmount: 10_000_000_000,
  /**
   * The highest version: a bill is edited by people, a few times at most. The bound keeps a
   * version far from 2^53, where "version + 1" stops being a new number.
   */
  maxVersion: 1_000_000,
  /**
   * Nesting of a bill's JSON: a bill is 3 deep (bill, items, line), so 16 is generous. Deeper
   * input is refused before anything walks it recursively (zod, JSON.stringify), where 100,000
   * nested lists would overflow the stack.
   */
  maxDepth: 16,
} as const;

/**
 * How deep a JSON value nests, stopping as soon as it passes `max`: returns true when `value`
 * nests deeper than `max` objects or lists. The recursion never goes more than `max` + 1 calls
 * deep, so 100,000 nested lists cannot overflow the stack; it allocates nothing (it runs on
 * every bill a till sends).
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (max <= 0) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      if (nestsDeeperThan(value[i], max - 1)) return true;
    }
    return false;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (Object.hasOwn(record, key) && nestsDeeperThan(record[key], max - 1)) return true;
  }
  return false;
}

export interface RuleBreach {
  code: ValidationCode;
  /** Completes "<field> …", e.g. "must be a whole number from 1 to 9,999; got 2.5". */
  reason: string;
}

const ID_ALPHABET = /^[A-Za-z0-9_-]+$/;
const ID_RULE = `1 to ${BILL_LIMITS.idMaxLength} characters of A-Z a-z 0-9 _ -`;

/**
 * Ids travel in URL paths, DynamoDB sort keys and file contents: a "/", "..", a control
 * character or a 10 KB id must never reach them, so the alphabet is closed and the length bounded.
 */
export function idBreach(value: string): RuleBreach | undefined {
  if (value.length === 0) return { code: 'invalid_id', reason: `must be ${ID_RULE}; got ""` };
  if (value.length > BILL_LIMITS.idMaxLength) {
    return { code: 'too_long', reason: `must be ${ID_RULE}; got ${describeValue(value)}` };
  }
  if (ID_ALPHABET.test(value)) return undefined;
  const position = [...value].findIndex((character) => !ID_ALPHABET.test(character));
  const character = [...value][position] ?? '';
  return {
    code: 'invalid_id',
    reason:
      `must be ${ID_RULE}; got ${describeValue(value)}, ` +
      `whose character ${position + 1} (${JSON.stringify(character)}) is not allowed`,
  };
}

// RFC 3339's profile of ISO-8601: seconds required, 1 to 9 fraction digits, a zone always.
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;
const ZONELESS = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;
const DATE_RULE = 'an ISO-8601 date and time with a zone, like 2026-11-27T15:04:05.123Z';

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/**
 * createdAt with the store's zone decides the business day. A zone-less time would be read in
 * whatever zone the reader runs in, and an impossible date (February 30) has no day at all.
 */
export function instantBreach(value: string): RuleBreach | undefined {
  const match = INSTANT.exec(value);
  if (!match) {
    const why = ZONELESS.test(value) ? ' (it has no zone: add Z or ±hh:mm)' : '';
    return {
      code: 'invalid_date',
      reason: `must be ${DATE_RULE}; got ${describeValue(value)}${why}`,
    };
  }
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map(Number);
  const offsetHours = Number(match[8] ?? 0);
  const offsetMinutes = Number(match[9] ?? 0);
  const real =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59;
  if (real && Number.isFinite(Date.parse(value))) return undefined;
  return {
    code: 'invalid_date',
    reason: `must be ${DATE_RULE}; got ${describeValue(value)}, which is not a real date and time`,
  };
}
