// The shop's settings on the wire (GET /api/v1/settings) as a zod schema, with the limits the
// relay checks an owner's changes against: the OpenAPI document and the validation read the
// same numbers.
import * as z from 'zod';
import { text } from './bill-schema.js';

/** What a typed amount without an item is called on bills until the owner names it. */
export const DEFAULT_TYPED_AMOUNT_NAME = 'Valor';

/** Longest text per field: a receipt line or two; longer breaks an 80 mm receipt. */
export const SETTINGS_TEXT_LIMITS = {
  shopName: 80,
  address: 120,
  taxId: 40,
  receiptFooter: 200,
  typedAmountName: 40,
} as const;

export const shopSettingsSchema = z.object({
  shopName: text(SETTINGS_TEXT_LIMITS.shopName),
  address: text(SETTINGS_TEXT_LIMITS.address),
  taxId: text(SETTINGS_TEXT_LIMITS.taxId),
  currency: z.string().length(3),
  locale: z.string(),
  largeAmountThreshold: z.int().min(1),
  timeZone: z.string(),
  receiptFooter: text(SETTINGS_TEXT_LIMITS.receiptFooter).optional(),
  // A typed line prints this word: an empty one would print a nameless line.
  typedAmountName: text(SETTINGS_TEXT_LIMITS.typedAmountName).min(1).optional(),
});
