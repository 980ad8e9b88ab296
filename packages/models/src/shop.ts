// Wire shapes of what the relay serves the tills besides bills: the shop's settings
// (GET /api/v1/settings) and the catalog's items (GET /api/v1/catalog). The relay, the till and
// the till's test relay all use these types.
import type { MinorUnits } from './types.js';

export interface ShopSettings {
  shopName: string;
  address: string;
  taxId: string;
  /** ISO 4217 code, e.g. COP. */
  currency: string;
  /** BCP 47 tag, e.g. es-CO. */
  locale: string;
  /** A line at or above this amount asks the cashier to confirm (typo guard). */
  largeAmountThreshold: MinorUnits;
  /** IANA zone of the business day, so tills group bills by the same day as the relay. */
  timeZone: string;
  /** A line printed at the bottom of receipts (set in the back office). */
  receiptFooter?: string;
  /**
   * What a typed amount without an item is called on bills (set in the back office). The relay
   * always serves one (DEFAULT_TYPED_AMOUNT_NAME until the owner names it); optional for
   * settings a till cached from an older relay.
   */
  typedAmountName?: string;
}

export interface CatalogItem {
  id: string;
  name: string;
  /** Unit price in minor units; a catalog never holds refunds, so never negative. */
  price: MinorUnits;
  /** The quick key's colour on the tills, `#rrggbb` (lower case); the till's default when absent. */
  colour?: string;
}

export interface Catalog {
  items: CatalogItem[];
  /** ISO-8601 time of the last replacement; absent for the empty catalog of a new shop. */
  updatedAt?: string;
}
