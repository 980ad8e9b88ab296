// Start-up recovery: the state the relay had when it stopped, from daily_shifts.json plus the
// journal after its LSN. A corrupt snapshot is set aside (never deleted) and the state rebuilt
// from the newest good backup plus the journal, or from the journal alone when it reaches back
// to LSN 1. When nothing can rebuild it, the relay refuses to start: it never starts empty
// over existing data.
import { basename, dirname, join } from 'node:path';
import { LedgerBook } from '../ledger/ledger-book.js';
import { BillState } from './bill-state.js';
import { StorageError, errnoCode } from './errors.js';
import type { StorageFs } from './fs-port.js';
import { readJournal, type ReadSegment } from './journal-reader.js';
import { JOURNAL_DIR, listSegments } from './journal-segments.js';
import type { Logger } from '../logging/logger.js';
import { applySnapshot, replayVisitor } from './replay.js';
import { SNAPSHOT_FILE } from './snapshot-file.js';
import {
  parseSnapshot,
  parseSnapshotLazily,
  type LazySnapshot,
  type LoadedSnapshot,
} from './snapshot-parse.js';
import { listBackupsOrNone } from './backups.js';
import type { ReadAhead } from './read-ahead.js';

export interface RecoveryOptions {
  fs: StorageFs;
  dataDir: string;
  storeId: string;
  timeZone: string;
  backupDirs: readonly string[];
  now: () => Date;
  logger: Logger;
  /** Files read and checked ahead at start-up (read-ahead.ts); without it, read here. */
  readAhead?: Pick<ReadAhead, 'snapshot' | 'segment'>;
}

export type BaseKind = 'snapshot' | 'backup' | 'journal' | 'empty';

export interface Recovered {
  state: BillState;
  /** LSN covered by a good daily_shifts.json on disk; -1 when there is none to trust. */
  snapshotLsn: number;
  segments: ReadSegment[];
  base: { kind: BaseKind; path?: string; lsn: number };
}

interface Base {
  kind: BaseKind;
  path?: string;
  snapshot?: LoadedSnapshot | LazySnapshot;
  lsn: number;
}

export async function recoverState(options: RecoveryOptions): Promise<Recovered> {
  const { fs, dataDir, logger } = options;
  const journalDir = join(dataDir, JOURNAL_DIR);
  const snapshotPath = join(dataDir, SNAPSHOT_FILE);
  const files = await listSegments(fs, journalDir);
  const firstJournalLsn = files[0]?.firstLsn;

  const local = await loadLocalSnapshot(options, snapshotPath);
  let base: Base;
  if (local.snapshot) {
    base = {
      kind: 'snapshot',
      path: snapshotPath,
      snapshot: local.snapshot,
      lsn: local.snapshot.lsn,
    };
    if (firstJournalLsn !== undefined && firstJournalLsn > base.lsn + 1) {
      throw new StorageError(
        'JOURNAL_GAP',
        `daily_shifts.json covers LSN ${base.lsn} but the journal starts at LSN ${firstJournalLsn}: ` +
          'journal records in between are missing. Run "node apps/relay/dist/main.js verify".',
      );
    }
  } else {
    base = await rebuildBase(options, firstJournalLsn, local.setAsidePath);
  }

  const state = new BillState(new LedgerBook(options.timeZone));
  if (base.snapshot) applySnapshot(state, base.snapshot);
  const { visit, progress, finish } = replayVisitor(state, base.lsn);
  // What the base snapshot holds needs no journal record: damage there is skipped, not fatal.
  const coveredLsn = base.snapshot ? base.lsn : 0;
  // Segments the snapshot holds whole are not read now (checked in the background after
  // start-up), except the one ending at its LSN when the snapshot lacks that record's hash.
  const skipCoveredThrough = base.snapshot?.chainHead ? coveredLsn : coveredLsn - 1;
  const segments = await readJournal(fs, journalDir, {
    repair: true,
    logger,
    visit,
    readAhead: options.readAhead,
    coveredLsn,
    skipCoveredThrough,
  });
  finish();
  state.lsn = Math.max(progress.appliedThrough, base.lsn);
  logger.info('state recovered', {
    from: base.kind,
    path: base.path,
    baseLsn: base.lsn,
    replayedThrough: progress.appliedThrough,
    bills: state.billCount,
  });
  const snapshotLsn = base.kind === 'snapshot' ? base.lsn : -1;
  return {
    state,
    snapshotLsn,
    segments,
    base: { kind: base.kind, path: base.path, lsn: base.lsn },
  };
}

async function loadLocalSnapshot(
  { fs, storeId, timeZone, now, logger, readAhead }: RecoveryOptions,
  path: string,
): Promise<{ snapshot?: LoadedSnapshot | LazySnapshot; setAsidePath?: string }> {
  const ahead = await readAhead?.snapshot(path);
  let bytes: Buffer;
  try {
    bytes = ahead?.bytes ?? (await fs.readFile(path));
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return {};
    throw error;
  }
  let snapshot: LoadedSnapshot | LazySnapshot;
  try {
    snapshot = parseSnapshotLazily(bytes, ahead?.digestChecked);
  } catch (error) {
    if (!(error instanceof StorageError) || error.code !== 'SNAPSHOT_CORRUPT') throw error;
    const setAsidePath = await setAside(fs, path, now());
    logger.error('daily_shifts.json is corrupt: set aside, rebuilding from backups and journal', {
      reason: error.message,
      setAsidePath,
    });
    return { setAsidePath };
  }
  checkConfig(snapshot, storeId, timeZone, path);
  return { snapshot };
}

export function checkConfig(
  snapshot: { storeId: string; timeZone: string },
  storeId: string,
  timeZone: string,
  path: string,
): void {
  if (snapshot.storeId !== storeId) {
    throw new StorageError(
      'CONFIG_MISMATCH',
      `${path} belongs to store "${snapshot.storeId}" but STORE_ID is "${storeId}". Set STORE_ID=${snapshot.storeId} or use another DATA_DIR.`,
    );
  }
  if (snapshot.timeZone !== timeZone) {
    throw new StorageError(
      'CONFIG_MISMATCH',
      `${path} was written with STORE_TIMEZONE=${snapshot.timeZone} but the relay now runs with ${timeZone}; ` +
        `bills would change business day. Set STORE_TIMEZONE=${snapshot.timeZone}.`,
    );
  }
}

/** Renames a bad file to <name>.corrupt-<time>, never over an existing file. */
async function setAside(fs: StorageFs, path: string, at: Date): Promise<string> {
  const stamp = at.toISOString().replace(/[-:.]/g, '');
  const taken = new Set(await fs.readdir(dirname(path)));
  let target = `${path}.corrupt-${stamp}`;
  for (let n = 2; taken.has(basename(target)); n++) target = `${path}.corrupt-${stamp}-${n}`;
  await fs.rename(path, target);
  await fs.syncDir(dirname(path));
  return target;
}

/** Without a good local snapshot: newest good backup the journal connects to, or LSN 1. */
async function rebuildBase(
  options: RecoveryOptions,
  firstJournalLsn: number | undefined,
  setAsidePath: string | undefined,
): Promise<Base> {
  const { fs, storeId, timeZone, backupDirs, logger } = options;
  const backups = (
    await Promise.all(backupDirs.map((dir) => listBackupsOrNone(fs, dir, storeId, logger)))
  ).flat();
  backups.sort((a, b) => b.lsn - a.lsn || b.writtenAt.getTime() - a.writtenAt.getTime());

  if (firstJournalLsn === undefined && !setAsidePath) {
    if (backups.length === 0) return { kind: 'empty', lsn: 0 };
    throw new StorageError(
      'DATA_DIR_EMPTY_WITH_BACKUPS',
      `DATA_DIR ${options.dataDir} holds no snapshot and no journal, but ${backups[0]!.path} ` +
        `backs this store up to LSN ${backups[0]!.lsn}. Starting empty would hide those bills. ` +
        'To start from the backups run "node apps/relay/dist/main.js restore --at <now> --out <DATA_DIR>", ' +
        'or point DATA_DIR at the right folder.',
    );
  }
  // A backup helps only if the journal holds every record after it.
  for (const backup of backups) {
    if (firstJournalLsn === undefined || firstJournalLsn > backup.lsn + 1) continue;
    try {
      const snapshot = parseSnapshot(await fs.readFile(backup.path));
      checkConfig(snapshot, storeId, timeZone, backup.path);
      return { kind: 'backup', path: backup.path, snapshot, lsn: snapshot.lsn };
    } catch (error) {
      logger.warn('backup unusable, trying an older one', {
        path: backup.path,
        error: (error as Error).message,
      });
    }
  }
  if (firstJournalLsn === 1) return { kind: 'journal', lsn: 0 };
  throw new StorageError(
    'STATE_UNRECOVERABLE',
    `${setAsidePath ? `daily_shifts.json was corrupt (set aside as ${setAsidePath})` : 'daily_shifts.json is missing'}, ` +
      `the journal starts at LSN ${firstJournalLsn ?? 'none'} and no good backup in BACKUP_DIRS ` +
      `(${backupDirs.join(', ') || 'none configured'}) connects to it, so the state cannot be rebuilt without losing bills. ` +
      'The relay will not start empty. Restore daily_shifts.json from a copy, check the set-aside file, or ' +
      'rebuild from DynamoDB with "node apps/relay/dist/main.js recover-from-dynamodb".',
  );
}
