// Backups: verified copies of daily_shifts.json in each BACKUP_DIRS folder, named
// daily_shifts-<store>-<writtenAt>-lsn<LSN>.json, the newest BACKUP_KEEP kept. A corrupt
// snapshot is rebuilt from the newest good backup plus the journal after its LSN.
import { join } from 'node:path';
import { TEMP_MARKER, writeFileAtomically } from './atomic-file.js';
import { errnoCode } from './errors.js';
import type { StorageFs } from './fs-port.js';
import type { Logger } from '../logging/logger.js';
import { readVerifiedHeader, type SnapshotHeader } from './snapshot-parse.js';

export interface BackupFile {
  dir: string;
  path: string;
  /** LSN of the snapshot copied (from the name). */
  lsn: number;
  /** writtenAt of the snapshot copied (from the name). */
  writtenAt: Date;
}

export interface BackupOutcome {
  dir: string;
  /** 'written' and verified, 'unchanged' (newest backup already has this LSN), or 'failed'. */
  status: 'written' | 'unchanged' | 'failed';
  path?: string;
  lsn: number;
  removed: string[];
  error?: string;
}

const BACKUP_NAME = /^daily_shifts-(.+)-(\d{8}T\d{9}Z)-lsn(\d{16})\.json$/;

/** Store ids may hold characters a file name should not; keep the safe ones. */
function nameSafe(storeId: string): string {
  return storeId.replace(/[^A-Za-z0-9_.-]/g, '_');
}

export function backupFileName(storeId: string, writtenAt: string, lsn: number): string {
  const stamp = new Date(writtenAt).toISOString().replace(/[-:.]/g, '');
  return `daily_shifts-${nameSafe(storeId)}-${stamp}-lsn${String(lsn).padStart(16, '0')}.json`;
}

/** This store's backups in one folder, oldest first (by LSN, then time). */
export async function listBackups(
  fs: StorageFs,
  dir: string,
  storeId: string,
): Promise<BackupFile[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw error;
  }
  const files: BackupFile[] = [];
  for (const name of names) {
    const match = BACKUP_NAME.exec(name);
    if (!match || match[1] !== nameSafe(storeId)) continue;
    const s = match[2]!;
    const iso = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.slice(15, 18)}Z`;
    files.push({ dir, path: join(dir, name), lsn: Number(match[3]), writtenAt: new Date(iso) });
  }
  return files.sort((a, b) => a.lsn - b.lsn || a.writtenAt.getTime() - b.writtenAt.getTime());
}

/** listBackups for start-up: an unreadable folder (USB stick gone) is logged, not fatal. */
export async function listBackupsOrNone(
  fs: StorageFs,
  dir: string,
  storeId: string,
  logger: Logger,
): Promise<BackupFile[]> {
  try {
    return await listBackups(fs, dir, storeId);
  } catch (error) {
    logger.error('backup folder unreadable', { dir, error: String(error) });
    return [];
  }
}

export interface CopyToBackupsOptions {
  fs: StorageFs;
  /** The snapshot's bytes, already checked with readVerifiedHeader. */
  bytes: Buffer;
  header: SnapshotHeader;
  dirs: readonly string[];
  keep: number;
  logger: Logger;
}

/** Copies the snapshot into every folder; a failing folder does not stop the others. */
export async function copySnapshotToBackups(
  options: CopyToBackupsOptions,
): Promise<BackupOutcome[]> {
  const outcomes: BackupOutcome[] = [];
  for (const dir of options.dirs) {
    try {
      outcomes.push(await copyInto(dir, options));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      options.logger.error('backup failed', { dir, error: message });
      outcomes.push({
        dir,
        status: 'failed',
        lsn: options.header.lsn,
        removed: [],
        error: message,
      });
    }
  }
  return outcomes;
}

async function copyInto(dir: string, options: CopyToBackupsOptions): Promise<BackupOutcome> {
  const { fs, bytes, header, keep, logger } = options;
  await fs.mkdirp(dir);
  const existing = await listBackups(fs, dir, header.storeId);
  if (existing[existing.length - 1]?.lsn === header.lsn) {
    return { dir, status: 'unchanged', lsn: header.lsn, removed: [] };
  }
  const path = join(dir, backupFileName(header.storeId, header.writtenAt, header.lsn));
  await writeFileAtomically(fs, path, bytes);
  // Read the copy back: a backup that was never checked is a hope, not a backup.
  const copy = readVerifiedHeader(await fs.readFile(path));
  if (copy.lsn !== header.lsn) throw new Error(`backup ${path} reads back LSN ${copy.lsn}`);
  const removed = await prune(fs, dir, header.storeId, keep);
  logger.info('backup written', { path, lsn: header.lsn, removed: removed.length });
  return { dir, status: 'written', path, lsn: header.lsn, removed };
}

async function prune(fs: StorageFs, dir: string, storeId: string, keep: number) {
  const files = await listBackups(fs, dir, storeId);
  const old = files.slice(0, Math.max(0, files.length - keep));
  for (const file of old) await fs.unlink(file.path);
  for (const name of await fs.readdir(dir)) {
    // Temp files of a copy interrupted by a crash.
    if (name.startsWith(`daily_shifts-${nameSafe(storeId)}-`) && name.includes(TEMP_MARKER)) {
      await fs.unlink(join(dir, name)).catch(() => undefined);
    }
  }
  if (old.length > 0) await fs.syncDir(dir);
  return old.map((file) => file.path);
}
