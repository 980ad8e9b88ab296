// Typed failures of the storage engine. The HTTP edge and the CLI map codes to status codes
// and exit messages; messages are written for the person running the relay.

export type StorageErrorCode =
  /** A journal record that is bad and followed by more data: disk damage, never a crash. */
  | 'JOURNAL_DAMAGED'
  /** LSNs jump or go back: a segment is missing or files were mixed from two stores. */
  | 'JOURNAL_GAP'
  /** Neither the snapshot nor backups plus the journal can rebuild the state. */
  | 'STATE_UNRECOVERABLE'
  /** DATA_DIR is empty but backups exist: starting empty would hide the store's history. */
  | 'DATA_DIR_EMPTY_WITH_BACKUPS'
  /** The snapshot was written for another store or time zone: business days would move. */
  | 'CONFIG_MISMATCH'
  /** A snapshot or segment of a newer format than this relay understands. */
  | 'UNSUPPORTED_FORMAT'
  /** A snapshot file that does not parse, fails its checksum or is inconsistent. */
  | 'SNAPSHOT_CORRUPT'
  /** Another live relay process holds DATA_DIR. */
  | 'DATA_DIR_LOCKED'
  /** Appending to the journal failed (disk full, EIO): the bills were not stored. */
  | 'WRITE_FAILED'
  /** The journal can no longer be trusted to be written (failed fsync): restart needed. */
  | 'STORAGE_FAILED'
  /** The store was closed. */
  | 'STORE_CLOSED'
  /** restoreAt cannot rebuild the requested instant, or would overwrite a file. */
  | 'RESTORE_IMPOSSIBLE';

export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  return error instanceof StorageError && (code === undefined || error.code === code);
}

/** The errno code of a Node.js system error, if any ('ENOENT', 'ENOSPC', ...). */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Why the disk refused a write, as a short code safe to show anyone (health without a token):
 * no paths, no system messages.
 */
export type StorageFaultReason =
  'disk_full' | 'read_only' | 'io_error' | 'no_permission' | 'too_many_files' | 'write_failed';

const FAULT_REASONS = new Map<string, StorageFaultReason>([
  ['ENOSPC', 'disk_full'],
  ['EDQUOT', 'disk_full'],
  ['EFBIG', 'disk_full'],
  ['EROFS', 'read_only'],
  ['EIO', 'io_error'],
  ['EACCES', 'no_permission'],
  ['EPERM', 'no_permission'],
  ['EMFILE', 'too_many_files'],
  ['ENFILE', 'too_many_files'],
]);

/** The fault reason of an error (a StorageError's cause included), from its errno code. */
export function faultReason(error: unknown): StorageFaultReason {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const reason = FAULT_REASONS.get(errnoCode(current) ?? '');
    if (reason) return reason;
    current = (current as { cause?: unknown }).cause;
  }
  return 'write_failed';
}

/** True for errno codes that mean "the disk cannot take this now" (full, read-only, EIO...). */
export function isDiskFault(error: unknown): boolean {
  return FAULT_REASONS.has(errnoCode(error) ?? '');
}
