// Options of the durable store, with the defaults of the relay's environment (.env.example).
import type { StorageFs } from './fs-port.js';
import { nodeStorageFs } from './fs-port.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import type { ReadAhead } from './read-ahead.js';

export interface DurableStoreOptions {
  /** DATA_DIR: holds daily_shifts.json and journal/. Created if missing. */
  dataDir: string;
  /** STORE_TIMEZONE: decides each bill's business day. */
  timeZone: string;
  /** STORE_ID, recorded in the snapshot and backup names. Default "store-1". */
  storeId?: string;
  /** BACKUP_DIRS. Default none. */
  backupDirs?: readonly string[];
  /** BACKUP_INTERVAL seconds between backups. Default 600; 0 disables the timer. */
  backupIntervalSeconds?: number;
  /** BACKUP_KEEP backups kept per folder. Default 48. */
  backupKeep?: number;
  now?: () => Date;
  logger?: Logger;
  /**
   * The sync engine's watermark: every bill record with LSN <= this is confirmed in DynamoDB.
   * Journal segments are deleted only below it. Default: nothing confirmed, nothing deleted.
   */
  confirmedLsn?: () => number;
  /** Shortest time between automatic snapshots. Default 1000; 0 disables them (tests). */
  snapshotIntervalMs?: number;
  /** Journal segment size that triggers rotation. Default 16 MiB. */
  segmentBytes?: number;
  /** File-system port; tests pass one that counts fsyncs or fails writes. */
  fs?: StorageFs;
  /**
   * Each journal record carries the SHA-256 of the one before. Default true; false only to
   * measure what the chain costs (bench).
   */
  hashChain?: boolean;
  /**
   * Start-up's background work (the first snapshot when the journal is ahead of the snapshot,
   * the check of the segments start-up skipped, the backup timer) waits for startMaintenance():
   * the relay calls it once it listens, so that work never delays the tills. Default false.
   */
  deferMaintenance?: boolean;
  /** Files read and checked ahead at start-up (read-ahead.ts). Default none: read here. */
  readAhead?: Pick<ReadAhead, 'snapshot' | 'segment'>;
}

export type ResolvedStoreOptions = Required<Omit<DurableStoreOptions, 'readAhead'>> &
  Pick<DurableStoreOptions, 'readAhead'>;

export function resolveStoreOptions(options: DurableStoreOptions): ResolvedStoreOptions {
  const backupKeep = options.backupKeep ?? 48;
  if (!Number.isInteger(backupKeep) || backupKeep < 1) {
    throw new RangeError(`backupKeep must be a whole number >= 1, not ${backupKeep}`);
  }
  return {
    dataDir: options.dataDir,
    timeZone: options.timeZone,
    storeId: options.storeId ?? 'store-1',
    backupDirs: options.backupDirs ?? [],
    backupIntervalSeconds: options.backupIntervalSeconds ?? 600,
    backupKeep,
    now: options.now ?? (() => new Date()),
    logger: options.logger ?? silentLogger,
    confirmedLsn: options.confirmedLsn ?? (() => 0),
    snapshotIntervalMs: options.snapshotIntervalMs ?? 1000,
    segmentBytes: options.segmentBytes ?? 16 * 1024 * 1024,
    fs: options.fs ?? nodeStorageFs,
    hashChain: options.hashChain ?? true,
    deferMaintenance: options.deferMaintenance ?? false,
    readAhead: options.readAhead,
  };
}
