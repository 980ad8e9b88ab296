// The relay's storage, and the only way in from the rest of the relay (an ESLint rule keeps it
// so): the bill store port and its in-memory twin, the durable engine (journal, snapshot,
// backups, verify, restore), its file-system port, and the one atomic file writer.
export type * from './bill-store.js';
export { MemoryBillStore } from './memory-bill-store.js';
export { BillState } from './bill-state.js';
export { openStore, storageHealth, type OpenedStore, type StorageHealth } from './open-store.js';
export { openDurableBillStore } from './open-durable-store.js';
export { DurableBillStore, type CleanupResult } from './durable-bill-store.js';
export type { DurableStoreOptions } from './store-options.js';
export type { StorageStatus } from './snapshot-scheduler.js';
export { writeFileAtomic } from './atomic-file.js';
export type { BackupOutcome } from './backups.js';
export type { WrittenSnapshot } from './snapshot-writer.js';
export { restoreAt, type RestoreOptions, type RestoreResult } from './restore.js';
export {
  verifyDataDir,
  formatVerifyReport,
  type VerifyOptions,
  type VerifyReport,
} from './verify.js';
export { StorageError, isStorageError, type StorageErrorCode } from './errors.js';

export type { StorageFs, WritableFile } from './fs-port.js';
export { nodeStorageFs } from './fs-port.js';
export { JournalTail } from './journal-tail.js';
export type { ReadAhead } from './read-ahead.js';
export type { JournalRecord as StorageJournalRecord } from './journal-record.js';
