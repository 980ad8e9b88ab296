// Checks a bill from outside (a till's upload, a file, DynamoDB) against docs/api.md, "Bill, on
// the wire", and returns either a Bill with defaults applied or every problem found, each with a
// typed code, the field and a sentence for a person. Only the HTTP edge maps codes to statuses.
//
// Unknown fields are rejected (code unknown_field), not stripped: stripping would acknowledge a
// bill and silently drop part of it, which breaks "no acknowledged bill is ever lost", and it would
// hide typos such as "totl". A newer till announces a new shape with schemaVersion instead.
import { migrateBill } from './bill-migrations.js';
import { FIELD_RULES, wireBillSchema, type WireBill } from './bill-schema.js';
import { describeValue, fail, type ParseResult, type ValidationIssue } from './result.js';
import type { Bill, LineItem } from './types.js';
import { BILL_LIMITS, idBreach, nestsDeeperThan } from './wire-rules.js';
import { translateZodIssue } from './zod-issues.js';

export type { ParseResult, ValidationCode, ValidationIssue } from './result.js';
export { BILL_SCHEMA_VERSION, BILL_MIGRATIONS, migrateBill } from './bill-migrations.js';
export type { BillMigration } from './bill-migrations.js';
export { BILL_LIMITS, nestsDeeperThan } from './wire-rules.js';

/** Enough to fix a bill; a hostile body cannot make the answer large. */
const MAX_ISSUES = 50;

export interface ParseBillOptions {
  /**
   * The checker's clock (the relay's). When given, a createdAt more than
   * BILL_TIME_WINDOW.maxAheadMs ahead of it is refused.
   */
  now?: () => Date;
}

/** The instants a till can honestly give a bill. */
export const BILL_TIME_WINDOW = {
  /** No till of this system existed before; an earlier date is a dead clock battery. */
  earliest: '2000-01-01T00:00:00.000Z',
  /** Two days ahead covers every zone and a till clock set a day wrong, not a year wrong. */
  maxAheadMs: 2 * 86_400_000,
  /** Without a clock, the latest instant whose business day keeps a four-digit year anywhere. */
  latest: '9999-12-30T00:00:00.000Z',
} as const;

/**
 * createdAt decides the business day forever: a date no till could honestly have would file the
 * bill under a day nobody closes (or one the snapshot cannot hold), so it is refused and the till
 * told to fix its clock.
 */
function createdAtIssue(createdAt: string, options: ParseBillOptions): ValidationIssue | undefined {
  const instant = Date.parse(createdAt);
  const now = options.now?.();
  const latest = now
    ? now.getTime() + BILL_TIME_WINDOW.maxAheadMs
    : Date.parse(BILL_TIME_WINDOW.latest);
  const earliest = Date.parse(BILL_TIME_WINDOW.earliest);
  if (instant >= earliest && instant <= latest) return undefined;
  const bound = now
    ? `no more than two days ahead of the relay's clock (${now.toISOString()})`
    : `before ${BILL_TIME_WINDOW.latest}`;
  return {
    code: 'implausible_date',
    field: 'createdAt',
    message:
      `createdAt must be from ${BILL_TIME_WINDOW.earliest.slice(0, 10)} on and ${bound}; ` +
      `got ${createdAt}. Check the till's date and time.`,
  };
}

/** Rules across fields, checked once every field has the right shape. */
function crossFieldIssues(bill: WireBill, options: ParseBillOptions): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const dateIssue = createdAtIssue(bill.createdAt, options);
  if (dateIssue) issues.push(dateIssue);
  const creditNote = bill.kind === 'credit_note';
  bill.items.forEach((item, index) => {
    // A sale never pays the customer, and a credit note never charges them: a line of the wrong
    // sign is a cashier's slip that would otherwise move money the wrong way.
    const wrongSign = creditNote ? item.price > 0 : item.price < 0;
    if (!wrongSign) return;
    const field = `items[${index}].price`;
    const rule = creditNote
      ? 'zero or less on a credit note (it gives money back)'
      : 'zero or more on a sale (only a credit note has negative prices)';
    issues.push({
      code: 'out_of_range',
      field,
      message: `${field} must be ${rule}; got ${item.price}`,
    });
  });

  // BigInt: with 500 lines of 9,999 × the largest price, the sum passes 2^53 where doubles round.
  let sum = 0n;
  for (const item of bill.items) sum += BigInt(item.price) * BigInt(item.quantity);
  const bound = BigInt(BILL_LIMITS.maxAmount);
  if (sum > bound || sum < -bound) {
    issues.push({
      code: 'out_of_range',
      field: 'total',
      message:
        `total must be at most ${BILL_LIMITS.maxAmount.toLocaleString('en-US')} minor units ` +
        `either way (so day and month totals stay exact); the lines add up to ${sum}. ` +
        'Split the sale into several bills.',
    });
  } else if (BigInt(bill.total) !== sum) {
    issues.push({
      code: 'total_mismatch',
      field: 'total',
      message: `total must equal the sum of price × quantity over items, ${sum}; got ${bill.total}`,
    });
  }

  if (bill.refundOf !== undefined && !creditNote) {
    // Only a credit note gives money back; a sale naming a sale to refund would be counted as
    // a refund of it and lower that sale's refundable amount for nothing.
    issues.push({
      code: 'not_allowed',
      field: 'refundOf',
      message: `refundOf must only be set on a credit note (kind "credit_note"); this bill is a sale`,
    });
  } else if (bill.refundOf !== undefined && bill.refundOf === bill.id) {
    // A credit note cannot refund itself: it is not a sale.
    issues.push({
      code: 'not_allowed',
      field: 'refundOf',
      message: `refundOf must name the refunded sale, not the credit note itself (${bill.id})`,
    });
  }

  if (bill.payment?.method === 'cash') {
    const { tendered, change } = bill.payment;
    if (tendered < bill.total) {
      issues.push({
        code: 'insufficient_tender',
        field: 'payment.tendered',
        message: `payment.tendered must be at least the total, ${bill.total}; got ${tendered}`,
      });
    } else if (change !== tendered - bill.total) {
      issues.push({
        code: 'change_mismatch',
        field: 'payment.change',
        message: `payment.change must be tendered − total, ${tendered - bill.total}; got ${change}`,
      });
    }
  }
  return issues;
}

/** The domain Bill: defaults applied, optional fields present only when given. */
function toBill(wire: WireBill): Bill {
  const items = wire.items.map((item): LineItem => {
    const line: LineItem = { id: item.id, price: item.price, quantity: item.quantity };
    if (item.name !== undefined) line.name = item.name;
    return line;
  });
  const bill: Bill = {
    id: wire.id,
    tillId: wire.tillId,
    version: wire.version,
    createdAt: wire.createdAt,
    items,
    total: wire.total,
    kind: wire.kind ?? 'sale',
    status: wire.status ?? 'closed',
  };
  if (wire.payment) bill.payment = { ...wire.payment };
  if (wire.number !== undefined) bill.number = wire.number;
  if (wire.refundOf !== undefined) bill.refundOf = wire.refundOf;
  return bill;
}

/**
 * Wire JSON (already JSON.parse'd) to a Bill with defaults (kind "sale", status "closed").
 * Accepts older shapes marked with schemaVersion (see bill-migrations.ts). Never throws.
 */
export function parseBill(input: unknown, options: ParseBillOptions = {}): ParseResult<Bill> {
  if (nestsDeeperThan(input, BILL_LIMITS.maxDepth)) {
    return fail(
      'too_deep',
      '',
      `A bill nests at most ${BILL_LIMITS.maxDepth} objects or lists deep; this one nests deeper`,
    );
  }
  const migrated = migrateBill(input);
  if (!migrated.ok) return migrated;
  const body = migrated.value;

  // Checked before zod walks the list, so a million-line body costs one comparison.
  const items = (body as { items?: unknown } | null)?.items;
  if (Array.isArray(items) && items.length > BILL_LIMITS.maxItems) {
    return fail(
      'too_many_items',
      'items',
      `items must be a list of at most ${BILL_LIMITS.maxItems} lines; got ${describeValue(items)}`,
    );
  }

  const parsed = wireBillSchema.safeParse(body);
  if (!parsed.success) {
    const seen = new Set<string>();
    const issues: ValidationIssue[] = [];
    for (const zodIssue of parsed.error.issues) {
      for (const issue of translateZodIssue(zodIssue, body, FIELD_RULES)) {
        // One problem per field is enough to fix it, and keeps the answer short.
        if (seen.has(issue.field) || issues.length >= MAX_ISSUES) continue;
        seen.add(issue.field);
        issues.push(issue);
      }
    }
    return { ok: false, issues };
  }
  const issues = crossFieldIssues(parsed.data, options);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: toBill(parsed.data) };
}

/**
 * An id from a URL path ("/api/v1/bills/{id}"), with the same rule as a bill's id. Rejects path
 * separators, control characters and oversized ids before they reach a file name or a key.
 */
export function parseBillId(id: string): ParseResult<string> {
  if (typeof id !== 'string') {
    return fail('wrong_type', 'id', `id must be text; got ${describeValue(id)}`);
  }
  const breach = idBreach(id);
  if (breach) return fail(breach.code, 'id', `id ${breach.reason}`);
  return { ok: true, value: id };
}
