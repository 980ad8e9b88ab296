// Point-in-time restore: the state as it was at an instant, from the newest snapshot or backup
// written at or before it (whose LSN the journal continues), plus the journal records received
// up to that instant. Read-only on DATA_DIR; writes one verified daily_shifts.json in outDir.
import { join } from 'node:path';
import { listBackups } from './backups.js';
import { LedgerBook } from '../ledger/ledger-book.js';
import { BillState } from './bill-state.js';
import { StorageError, errnoCode } from './errors.js';
import { nodeStorageFs, type StorageFs } from './fs-port.js';
import { readJournal } from './journal-reader.js';
import { JOURNAL_DIR, listSegments } from './journal-segments.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { applySnapshot, replayVisitor } from './replay.js';
import { SNAPSHOT_FILE } from './snapshot-file.js';
import { parseSnapshot, type LoadedSnapshot } from './snapshot-parse.js';
import { writeSnapshotFile } from './snapshot-writer.js';

export interface RestoreOptions {
  dataDir: string;
  backupDirs?: readonly string[];
  at: Date;
  /** Receives daily_shifts.json; must not hold one already. Usable as a new DATA_DIR. */
  outDir: string;
  /** Which store's backups to use. Default "store-1". */
  storeId?: string;
  /**
   * Written into the result when no snapshot or backup is the base (the journal alone);
   * defaults to the zone of DATA_DIR's snapshot.
   */
  timeZone?: string;
  now?: () => Date;
  fs?: StorageFs;
  logger?: Logger;
}

export interface RestoreResult {
  path: string;
  /** Last journal record included. */
  lsn: number;
  billCount: number;
  dayCount: number;
  base: { kind: 'snapshot' | 'backup' | 'journal'; path?: string; lsn: number; writtenAt?: string };
  /** Journal records applied on top of the base. */
  replayedRecords: number;
  /** receivedAt of the last record applied, if any. */
  lastRecordAt?: string;
  checksum: string;
}

interface Candidate {
  kind: 'snapshot' | 'backup';
  path: string;
  lsn: number;
  writtenAt: Date;
}

export async function restoreAt(options: RestoreOptions): Promise<RestoreResult> {
  const fs = options.fs ?? nodeStorageFs;
  const logger = options.logger ?? silentLogger;
  const storeId = options.storeId ?? 'store-1';
  const atMs = options.at.getTime();
  if (Number.isNaN(atMs))
    throw new StorageError('RESTORE_IMPOSSIBLE', 'The instant is not a date.');
  const outPath = join(options.outDir, SNAPSHOT_FILE);
  if (await exists(fs, outPath)) {
    throw new StorageError(
      'RESTORE_IMPOSSIBLE',
      `${outPath} exists already; restore never overwrites.`,
    );
  }
  const journalDir = join(options.dataDir, JOURNAL_DIR);
  const firstJournalLsn = (await listSegments(fs, journalDir))[0]?.firstLsn;
  const connects = (lsn: number) => firstJournalLsn === undefined || firstJournalLsn <= lsn + 1;

  const { candidates, localTimeZone } = await listCandidates(fs, options, storeId);
  let base: { candidate: Candidate; snapshot: LoadedSnapshot } | undefined;
  for (const candidate of candidates) {
    if (candidate.writtenAt.getTime() > atMs || !connects(candidate.lsn)) continue;
    try {
      const snapshot = parseSnapshot(await fs.readFile(candidate.path));
      if (snapshot.storeId !== storeId) continue;
      base = { candidate, snapshot };
      break;
    } catch (error) {
      logger.warn('restore: skipping an unreadable snapshot', {
        path: candidate.path,
        error: String(error),
      });
    }
  }
  if (!base && firstJournalLsn !== 1) {
    throw new StorageError(
      'RESTORE_IMPOSSIBLE',
      `No good snapshot or backup written at or before ${options.at.toISOString()} is continued by the journal ` +
        `(it starts at LSN ${firstJournalLsn ?? 'none'}), so that instant cannot be rebuilt exactly. ` +
        `Backups: ${candidates.map((c) => `${c.path} (LSN ${c.lsn}, ${c.writtenAt.toISOString()})`).join('; ') || 'none'}.`,
    );
  }
  const timeZone = base?.snapshot.timeZone ?? options.timeZone ?? localTimeZone;
  if (!timeZone) {
    throw new StorageError(
      'RESTORE_IMPOSSIBLE',
      'Rebuilding from the journal alone needs the time zone (STORE_TIMEZONE).',
    );
  }

  const state = new BillState(new LedgerBook(timeZone));
  if (base) applySnapshot(state, base.snapshot);
  const baseLsn = base?.snapshot.lsn ?? 0;
  const { visit, progress, finish } = replayVisitor(state, baseLsn, atMs);
  await readJournal(fs, journalDir, { repair: false, logger, visit, coveredLsn: baseLsn });
  finish();

  await fs.mkdirp(options.outDir);
  const meta = {
    storeId,
    timeZone,
    lsn: progress.appliedThrough,
    writtenAt: (options.now ?? (() => new Date()))().toISOString(),
  };
  const written = await writeSnapshotFile(fs, outPath, meta, state.view(), state.ledgerView());
  const check = parseSnapshot(await fs.readFile(outPath));
  if (check.billCount !== state.billCount || check.lsn !== meta.lsn) {
    throw new Error(`restore: ${outPath} does not read back as written`);
  }
  return {
    path: outPath,
    lsn: meta.lsn,
    billCount: state.billCount,
    dayCount: check.days.length,
    base: base
      ? {
          kind: base.candidate.kind,
          path: base.candidate.path,
          lsn: baseLsn,
          writtenAt: base.snapshot.writtenAt,
        }
      : { kind: 'journal', lsn: 0 },
    replayedRecords: progress.appliedThrough - baseLsn,
    lastRecordAt: progress.lastReceivedAt,
    checksum: written.checksum,
  };
}

/** The local snapshot and every backup, newest LSN first. */
async function listCandidates(
  fs: StorageFs,
  options: RestoreOptions,
  storeId: string,
): Promise<{ candidates: Candidate[]; localTimeZone?: string }> {
  const candidates: Candidate[] = [];
  const localPath = join(options.dataDir, SNAPSHOT_FILE);
  let localTimeZone: string | undefined;
  try {
    const local = parseSnapshot(await fs.readFile(localPath));
    const writtenAt = new Date(local.writtenAt);
    localTimeZone = local.timeZone;
    candidates.push({ kind: 'snapshot', path: localPath, lsn: local.lsn, writtenAt });
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') {
      (options.logger ?? silentLogger).warn('restore: local snapshot unusable', {
        error: String(error),
      });
    }
  }
  for (const dir of options.backupDirs ?? []) {
    for (const backup of await listBackups(fs, dir, storeId)) {
      candidates.push({ kind: 'backup', ...backup });
    }
  }
  candidates.sort((a, b) => b.lsn - a.lsn || b.writtenAt.getTime() - a.writtenAt.getTime());
  return { candidates, localTimeZone };
}

async function exists(fs: StorageFs, path: string): Promise<boolean> {
  try {
    await fs.size(path);
    return true;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw error;
  }
}
