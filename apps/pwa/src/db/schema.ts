// The till database's schema as a list of migrations: version N's `up` turns a version N-1
// database into version N. Never edit a released migration; add the next one.
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { BillRecord, BillVersionRecord, OutboxEntry } from './records.js';

export const DB_NAME = 'caja-till';

export interface TillSchema extends DBSchema {
  bills: {
    key: string;
    value: BillRecord;
    indexes: { byDay: string; byLocation: string };
  };
  billVersions: { key: [string, number]; value: BillVersionRecord };
  outbox: { key: string; value: OutboxEntry };
  kv: { key: string; value: unknown };
}

export type StoreName = StoreNames<TillSchema>;

export interface Migration {
  version: number;
  up(
    db: IDBPDatabase<TillSchema>,
    tx: IDBPTransaction<TillSchema, StoreName[], 'versionchange'>,
  ): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    up(db) {
      const bills = db.createObjectStore('bills', { keyPath: 'id' });
      bills.createIndex('byDay', 'day');
      // The sync-state checker looks up bills acknowledged by the relay but not yet in DynamoDB.
      bills.createIndex('byLocation', 'location');
      db.createObjectStore('billVersions', { keyPath: ['id', 'version'] });
      db.createObjectStore('outbox', { keyPath: 'id' });
      db.createObjectStore('kv');
    },
  },
];

export const DB_VERSION = MIGRATIONS.length;
