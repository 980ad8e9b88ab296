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

/** Bills and their money in one place (GET /api/v1/admin/money-places). */
export interface MoneyFigure {
  bills: number;
  total: MinorUnits;
}

/** GET /api/v1/admin/money-places: where a day's bills and money are, and what waits over all days. */
export interface MoneyPlaces {
  date: string;
  /** Every bill of the day the relay holds. */
  atRelay: MoneyFigure;
  /** Of those, the ones DynamoDB has confirmed. */
  inCloud: MoneyFigure;
  /** Of those, the ones not confirmed yet (pending, refused for good, in conflict). */
  notInCloud: MoneyFigure;
  /** Bills of every day the relay holds that are not confirmed yet. */
  allDaysNotInCloud: MoneyFigure & { oldestDate: string | null };
}

/** GET /api/v1/alerts: when, what (a stable code) and a sentence for a person; newest first. */
export interface RecentAlert {
  at: string;
  code: string;
  message: string;
  billId?: string;
  date?: string;
}
