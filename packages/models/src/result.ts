// The typed outcome of checking outside input. Only the HTTP edge turns these codes into status
// codes; the PWA turns them into the cashier's messages.

/** Why a value was rejected. Each code names one rule; see the comment on each for why it exists. */
export type ValidationCode =
  /** A field the contract requires is absent: we cannot guess a bill's identity, time or lines. */
  | 'required'
  /** The JSON type is wrong (text where a number belongs): never coerce, a "12" may be a typo. */
  | 'wrong_type'
  /** An id outside 1..64 of A-Z a-z 0-9 _ -: ids go into URLs, file contents and DynamoDB keys. */
  | 'invalid_id'
  /** Text beyond its bound: keeps journal records, snapshots and receipts of a known size. */
  | 'too_long'
  /** A fraction where whole minor units or counts belong: floats would make totals drift. */
  | 'not_integer'
  /** A whole number outside its range (quantity 0, version 0, negative sale price, unsafe size). */
  | 'out_of_range'
  /** total differs from the sum of price × quantity: one of them is wrong, and we cannot tell which. */
  | 'total_mismatch'
  /** createdAt is not an ISO-8601 instant with a zone: without a zone the business day is unknown. */
  | 'invalid_date'
  /** More lines than a bill may hold: bounds the work and memory one request can cost. */
  | 'too_many_items'
  /** A value outside a closed set (kind, status, payment method): older code would misread it. */
  | 'unknown_value'
  /** A field the contract does not define: accepting it would acknowledge data we then drop. */
  | 'unknown_field'
  /** A schemaVersion this code cannot read or migrate: the sender is newer than we are. */
  | 'unsupported_schema'
  /** Cash tendered below the total: the sale was not paid. */
  | 'insufficient_tender'
  /** Cash change differs from tendered − total: the drawer would not balance. */
  | 'change_mismatch'
  /** Typed money that is not a number ("12a", "1,2,3"). */
  | 'not_a_number'
  /** Typed money with more decimals than the currency has (0.5 COP, 1.005 USD). */
  | 'too_many_decimals'
  /** A bill operation named a line that is not on the bill. */
  | 'line_not_found'
  /**
   * A bill operation that the bill's state forbids (revising a void bill), or a field its kind
   * forbids (refundOf on a sale: only a credit note gives money back).
   */
  | 'not_allowed'
  /** Control or text-direction characters in text shown to people: a receipt could lie. */
  | 'unsafe_text'
  /** A time outside what a till can honestly have (before 2000, days ahead of the relay). */
  | 'implausible_date'
  /** JSON nested far deeper than a bill: walking it recursively would overflow the stack. */
  | 'too_deep';

export interface ValidationIssue {
  code: ValidationCode;
  /** Where: a path like "items[3].quantity", or "" for the whole body. */
  field: string;
  /** For a person: names the field, the rule and what was received. */
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

export function succeed<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

export function fail<T>(code: ValidationCode, field: string, message: string): ParseResult<T> {
  return { ok: false, issues: [{ code, field, message }] };
}

/** A short, safe rendering of a received value for messages: never echoes 10 KB of input. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length.toLocaleString('en-US')} items`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    return value.length > 40
      ? `${shown} (${value.length.toLocaleString('en-US')} characters)`
      : shown;
  }
  return String(value);
}
