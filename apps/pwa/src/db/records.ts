// Shapes kept in the till's IndexedDB. Each kv value carries `v` so it can be migrated on its own.
import type { Bill, CatalogItem, ShopSettings } from '@caja/models';

/** Where a bill's latest version is: only here, acknowledged by the relay, or in DynamoDB. */
export type BillLocation = 'till' | 'relay' | 'cloud';

/** The relay refused a version (400/409/413/422): set aside, shown, never retried by itself. */
export interface Rejection {
  status: number;
  code: string;
  message: string;
  at: string;
}

export interface BillRecord {
  id: string;
  /** The latest version saved on this till. */
  bill: Bill;
  /** Business day (YYYY-MM-DD) in the store's zone: the Today view's index. */
  day: string;
  location: BillLocation;
  savedAt: string;
  rejection?: Rejection;
}

/** Every version ever saved, so a reopened and modified bill keeps its history. */
export interface BillVersionRecord {
  id: string;
  version: number;
  bill: Bill;
  savedAt: string;
}

export type OutboxState = 'waiting' | 'rejected';

/**
 * One bill waiting for the relay's acknowledgement. Keyed by bill id: a newer version replaces
 * the older one (the relay accepts a newer version, so intermediate versions need not travel).
 */
export interface OutboxEntry {
  id: string;
  version: number;
  bill: Bill;
  /** Epoch ms. */
  enqueuedAt: number;
  attempts: number;
  /** Epoch ms; the uploader skips the entry until then (back-off). */
  nextAttemptAt: number;
  state: OutboxState;
  lastError?: string;
  rejection?: Rejection;
}

export interface Pairing {
  v: 1;
  relayUrl: string;
  token: string;
  tillId: string;
  tillName: string;
  pairedAt: string;
}

export type PaperWidth = 58 | 80;
export type Language = 'es' | 'en';

/** The values of the `kv` store, by key. */
export interface KvValues {
  pairing: Pairing;
  /** The open bill, so a reload or a power cut loses nothing typed. */
  draft: { v: 1; draft: unknown };
  catalog: { v: 1; items: CatalogItem[]; fetchedAt: string };
  settings: { v: 1; settings: ShopSettings; fetchedAt: string };
  preferences: { v: 1; language?: Language; paperWidth: PaperWidth };
  lastUpload: { v: 1; at: string };
  lastPrintedBillId: { v: 1; id: string };
  /** The shop's total as last received, for the Today view after an offline reload. */
  shopTotal: {
    v: 1;
    summary: {
      date: string;
      total: number;
      billCount: number;
      byTill: Record<string, { total: number; billCount: number }>;
    };
    at: string;
  };
  /**
   * The till's bill number counter, written in the same transaction as the bill it numbers.
   * `tillId` is the till whose numbers these are: re-pairing makes a new till, which counts
   * from 1 (absent on counters written before it was kept: this till's).
   */
  billNumber: { v: 1; highest: number; tillId?: string };
  /** The relay's clock minus ours (ms), from its Date header at the last answer. */
  clockSkew: { v: 1; skewMs: number; at: string };
}
export type KvKey = keyof KvValues;
