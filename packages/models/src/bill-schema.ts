// The wire shape of a bill (docs/api.md, "Bill, on the wire") as a zod schema. It checks shape
// and per-field rules; rules across fields (price sign by kind, total, cash change) live in
// bill-rules.ts, and translating zod's issues into ours in zod-issues.ts.
import * as z from 'zod';
import { unsafeTextBreach } from './text-rules.js';
import { BILL_LIMITS, idBreach, instantBreach, type RuleBreach } from './wire-rules.js';

/** A string checked by one of our rule functions; a breach becomes a custom issue with our code. */
function ruledString(rule: (value: string) => RuleBreach | undefined) {
  return z.string().superRefine((value, context) => {
    const breach = rule(value);
    if (breach) context.addIssue({ code: 'custom', message: breach.reason, params: breach });
  });
}

const id = ruledString(idBreach);
const minorUnits = z.int().min(-BILL_LIMITS.maxAmount).max(BILL_LIMITS.maxAmount);
/** Text printed on receipts and screens: bounded, without control or direction characters. */
export const text = (maxLength: number) =>
  z
    .string()
    .max(maxLength)
    .superRefine((value, context) => {
      const breach = unsafeTextBreach(value);
      if (breach) context.addIssue({ code: 'custom', message: breach.reason, params: breach });
    });

// Strict objects everywhere: see the note on unknown fields in validation.ts.
const lineItem = z.strictObject({
  id,
  name: text(BILL_LIMITS.nameMaxLength).optional(),
  price: minorUnits,
  quantity: z.int().min(BILL_LIMITS.minQuantity).max(BILL_LIMITS.maxQuantity),
});

const payment = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('cash'), tendered: minorUnits, change: minorUnits }),
  z.strictObject({
    method: z.literal('card'),
    reference: text(BILL_LIMITS.referenceMaxLength).optional(),
  }),
  z.strictObject({
    method: z.literal('other'),
    note: text(BILL_LIMITS.noteMaxLength).optional(),
  }),
]);

export const wireBillSchema = z.strictObject({
  id,
  tillId: id,
  version: z.int().min(1).max(BILL_LIMITS.maxVersion),
  createdAt: ruledString(instantBreach),
  items: z.array(lineItem).max(BILL_LIMITS.maxItems),
  total: minorUnits,
  kind: z.enum(['sale', 'credit_note']).optional(),
  status: z.enum(['closed', 'void']).optional(),
  payment: payment.optional(),
  number: z.int().min(1).max(BILL_LIMITS.maxNumber).optional(),
  refundOf: id.optional(),
});

export type WireBill = z.output<typeof wireBillSchema>;

/**
 * What each field must be, completing "<field> must be …". Keyed by path with list indexes
 * written as [], so "items[3].quantity" looks up "items[].quantity".
 */
const AMOUNT = BILL_LIMITS.maxAmount.toLocaleString('en-US');

export const FIELD_RULES: Readonly<Record<string, string>> = {
  '': 'a JSON object with id, tillId, version, createdAt, items and total',
  id: `1 to ${BILL_LIMITS.idMaxLength} characters of A-Z a-z 0-9 _ -`,
  tillId: `1 to ${BILL_LIMITS.idMaxLength} characters of A-Z a-z 0-9 _ -`,
  version: `a whole number from 1 to ${BILL_LIMITS.maxVersion.toLocaleString('en-US')}`,
  createdAt: 'an ISO-8601 date and time with a zone, like 2026-11-27T15:04:05.123Z',
  items: `a list of at most ${BILL_LIMITS.maxItems} lines`,
  'items[]': 'an object with id, price, quantity and optionally name',
  'items[].id': `1 to ${BILL_LIMITS.idMaxLength} characters of A-Z a-z 0-9 _ -`,
  'items[].name': `text of at most ${BILL_LIMITS.nameMaxLength} characters`,
  'items[].price': `a whole number of minor units (cents; whole pesos for COP), at most ${AMOUNT} either way`,
  'items[].quantity': `a whole number from ${BILL_LIMITS.minQuantity} to 9,999`,
  total: `a whole number of minor units, the sum of price × quantity, at most ${AMOUNT} either way`,
  kind: '"sale" or "credit_note"',
  status: '"closed" or "void"',
  payment: 'an object whose method is "cash", "card" or "other"',
  'payment.method': '"cash", "card" or "other"',
  'payment.tendered': `a whole number of minor units, at most ${AMOUNT}`,
  'payment.change': `a whole number of minor units, at most ${AMOUNT}`,
  'payment.reference': `text of at most ${BILL_LIMITS.referenceMaxLength} characters`,
  'payment.note': `text of at most ${BILL_LIMITS.noteMaxLength} characters`,
  number: `a whole number from 1 to ${BILL_LIMITS.maxNumber.toLocaleString('en-US')}, the till's bill number`,
  refundOf: `the id of the refunded sale: 1 to ${BILL_LIMITS.idMaxLength} characters of A-Z a-z 0-9 _ -`,
};
