// Public API of the relay's durable storage engine.
export { openDurableBillStore } from './open-durable-store.js';
export { DurableBillStore, type CleanupResult } from './durable-bill-store.js';
export type { DurableStoreOptions } from './store-options.js';
export type { StorageStatus } from './maintenance.js';
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
export type { JournalRecord as StorageJournalRecord } from './journal-record.js';
