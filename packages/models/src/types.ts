// The shapes every part of Caja agrees on. See docs/api.md ("Bill, on the wire").

/**
 * An amount of money in integer minor units: cents for USD, whole pesos for COP.
 * Never a float: floats cannot represent 0.10 exactly and totals would drift.
 */
export type MinorUnits = number;

export interface LineItem {
  /** Item id (SKU or a generated id for a typed-in amount). */
  id: string;
  name?: string;
  /** Unit price; negative only on a credit note. */
  price: MinorUnits;
  /** Integer 1 to 9,999. */
  quantity: number;
}

export type BillKind = 'sale' | 'credit_note';
export type BillStatus = 'closed' | 'void';

export type Payment =
  | { method: 'cash'; tendered: MinorUnits; change: MinorUnits }
  | { method: 'card'; reference?: string }
  | { method: 'other'; note?: string };

export interface Bill {
  /** Made by the till (UUIDv7), unique forever. */
  id: string;
  tillId: string;
  /** Starts at 1; every modification adds one. */
  version: number;
  /** ISO-8601 with a zone; with the store's time zone it decides the business day. */
  createdAt: string;
  items: LineItem[];
  /** Always the sum of price × quantity over items. */
  total: MinorUnits;
  kind: BillKind;
  status: BillStatus;
  payment?: Payment;
  /**
   * The till's own bill number: gapless per till, never reset or reused, the same across every
   * version. Assigned by the till when it first saves the bill; absent on bills from before v2.
   */
  number?: number;
  /** On a credit note: the id of the sale it refunds. Absent for a refund without a receipt. */
  refundOf?: string;
}

/** One stored version of a bill at the relay: the bill, its business day, its journal LSN. */
export interface StoredBill {
  bill: Bill;
  shiftDate: string;
  lsn: number;
}

/** Totals of one till within a day. */
export interface TillTotals {
  total: MinorUnits;
  billCount: number;
}

/** One business day of one store: its bills and totals. Void bills are listed and count zero. */
export interface DailyShift {
  /** Business day, YYYY-MM-DD in the store's time zone. */
  date: string;
  bills: Bill[];
  total: MinorUnits;
  billCount: number;
  byTill: Record<string, TillTotals>;
}
