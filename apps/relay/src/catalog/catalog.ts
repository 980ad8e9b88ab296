// The shop's product catalog: what the tills show as quick keys. Pure validation, no I/O.
import { BILL_LIMITS, unsafeTextBreach, type Catalog, type CatalogItem } from '@caja/models';

export type { Catalog, CatalogItem };

export const MAX_CATALOG_ITEMS = 1000;
export const MAX_NAME_LENGTH = 80;
/** The most one bill may hold: a dearer item could never be sold. */
export const MAX_PRICE = BILL_LIMITS.maxAmount;
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const COLOUR = /^#[0-9A-Fa-f]{6}$/;

export type CatalogErrorCode =
  | 'catalog_not_object'
  | 'items_not_array'
  | 'too_many_items'
  | 'item_not_object'
  | 'item_id_invalid'
  | 'item_id_duplicate'
  | 'item_name_invalid'
  | 'item_price_invalid'
  | 'item_colour_invalid';

export interface CatalogError {
  code: CatalogErrorCode;
  message: string;
  /** Path of the offending value, e.g. `items[3].price`. */
  field?: string;
}

export type CatalogValidation = { ok: true; catalog: Catalog } | { ok: false; error: CatalogError };

/**
 * Checks a catalog sent by an administrator and returns a clean copy (names trimmed, unknown
 * fields dropped). Every till caches what this returns, so anything it lets through ends up on
 * the cashier's screen and in bills.
 */
export function validateCatalog(input: unknown): CatalogValidation {
  // A JSON array or string at the top level is a client mistake, not an empty catalog.
  if (!isRecord(input)) return fail('catalog_not_object', 'The catalog must be a JSON object.');
  const items = input.items;
  if (!Array.isArray(items)) {
    return fail('items_not_array', 'The catalog needs an "items" list.', 'items');
  }
  // Tills render every item as a button; a runaway export must not freeze them.
  if (items.length > MAX_CATALOG_ITEMS) {
    return fail(
      'too_many_items',
      `A catalog holds at most ${MAX_CATALOG_ITEMS} items; this one has ${items.length}.`,
      'items',
    );
  }
  const seen = new Set<string>();
  const clean: CatalogItem[] = [];
  for (const [index, item] of items.entries()) {
    const at = `items[${index}]`;
    if (!isRecord(item)) return fail('item_not_object', `Item ${index + 1} is not an object.`, at);
    // Item ids end up as line ids in bills, so they follow the bill id alphabet.
    if (typeof item.id !== 'string' || !ID_PATTERN.test(item.id)) {
      return fail(
        'item_id_invalid',
        `Item ${index + 1}: the id must be 1 to 64 letters, digits, "_" or "-".`,
        `${at}.id`,
      );
    }
    // Two items with one id would make quick keys and reports ambiguous.
    if (seen.has(item.id)) {
      return fail('item_id_duplicate', `The id "${item.id}" appears twice.`, `${at}.id`);
    }
    seen.add(item.id);
    // A nameless button is unusable; a very long name breaks the receipt layout.
    const name = typeof item.name === 'string' ? item.name.trim() : '';
    if (name.length === 0 || name.length > MAX_NAME_LENGTH) {
      return fail(
        'item_name_invalid',
        `Item "${item.id}": the name must be 1 to ${MAX_NAME_LENGTH} characters.`,
        `${at}.name`,
      );
    }
    // The name prints on receipts: control or text-direction characters could make it lie.
    const unsafe = unsafeTextBreach(name);
    if (unsafe) {
      return fail('item_name_invalid', `${at}.name ${unsafe.reason}.`, `${at}.name`);
    }
    // Money is integer minor units; a float or negative price would corrupt every total.
    const price = item.price;
    if (typeof price !== 'number' || !Number.isInteger(price) || price < 0 || price > MAX_PRICE) {
      return fail(
        'item_price_invalid',
        `Item "${item.id}": the price must be a whole number of minor units from 0 to ${MAX_PRICE}.`,
        `${at}.price`,
      );
    }
    // A colour is a CSS hex value the till puts in a style: nothing else may get that far.
    const colour = item.colour;
    if (colour !== undefined && (typeof colour !== 'string' || !COLOUR.test(colour))) {
      return fail(
        'item_colour_invalid',
        `Item "${item.id}": the colour must look like #1f4e79.`,
        `${at}.colour`,
      );
    }
    clean.push(
      colour === undefined
        ? { id: item.id, name, price }
        : { id: item.id, name, price, colour: colour.toLowerCase() },
    );
  }
  return { ok: true, catalog: { items: clean } };
}

function fail(code: CatalogErrorCode, message: string, field?: string): CatalogValidation {
  return { ok: false, error: field === undefined ? { code, message } : { code, message, field } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
