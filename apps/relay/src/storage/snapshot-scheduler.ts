// The snapshot schedule of the durable store: when daily_shifts.json is written again (paced by
// how much the journal past it holds), the periodic backup copies of it, and deleting journal
// segments that the snapshot, the backups and DynamoDB all cover.
import { join } from 'node:path';
import { copySnapshotToBackups, type BackupOutcome } from './backups.js';
import type { BillState } from './bill-state.js';
import { CoalescingTask } from './coalescing-task.js';
import { errnoCode } from './errors.js';
import { checkCoveredSegments, type ReadSegment } from './journal-reader.js';
import type { JournalWriter } from './journal-writer.js';
import { deletableSegments } from './retention.js';
import { SNAPSHOT_FILE } from './snapshot-file.js';
import { readVerifiedHeader } from './snapshot-parse.js';
import { writeSnapshotFile, type WrittenSnapshot } from './snapshot-writer.js';
import type { ResolvedStoreOptions } from './store-options.js';

export interface StorageStatus {
  /** LSN of the newest durable record. */
  lsn: number;
  bills: number;
  days: number;
  /** Bills accepted but not yet durable. */
  inFlight: number;
  journal: { segments: number; bytes: number; failed?: string };
  snapshot: { lsn: number; writtenAt?: string; bytes?: number; error?: string };
  backups: { dir: string; lsn: number; error?: string }[];
}

/** A snapshot takes at most about 1/SNAPSHOT_STRETCH of the time while bills arrive. */
const SNAPSHOT_STRETCH = 4;
/**
 * Every snapshot rewrites every bill the state holds, so one a second under a steady stream of
 * bills costs the intake more CPU than the bills themselves (and its large strings bring long
 * garbage collections: the slowest answers). A snapshot is therefore due once the journal past
 * it holds SNAPSHOT_GROWTH of the bills held (each bill is then rewritten a few times at most),
 * or SNAPSHOT_MAX_DELAY_INTERVALS snapshot intervals after the first record it lacks, whichever
 * comes first. Durability is the journal's: a snapshot only shortens the replay at start-up,
 * which reads at most that share of the state from the journal.
 */
const SNAPSHOT_GROWTH = 0.25;
const SNAPSHOT_MAX_DELAY_INTERVALS = 10;

export class SnapshotScheduler {
  private readonly snapshots: CoalescingTask;
  private readonly snapshotPath: string;
  private lastSnapshot: WrittenSnapshot | undefined;
  private snapshotError: string | undefined;
  private readonly backupErrors = new Map<string, string>();
  private backupTimer: NodeJS.Timeout | undefined;
  private backupRun: Promise<BackupOutcome[]> | undefined;
  private coveredCheck: Promise<void> | undefined;
  /** A snapshot requested once the records past the last one are old enough. */
  private deferred: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly options: ResolvedStoreOptions,
    private readonly state: BillState,
    private readonly writer: JournalWriter,
    /** LSN covered by daily_shifts.json on disk (-1: none to trust). */
    private snapshotLsn: number,
    /** Per backup folder, LSN of its newest backup. */
    private readonly backupLsns: Map<string, number>,
  ) {
    this.snapshotPath = join(options.dataDir, SNAPSHOT_FILE);
    this.snapshots = new CoalescingTask({
      job: () => this.snapshotJob(),
      minIntervalMs: options.snapshotIntervalMs,
      stretch: SNAPSHOT_STRETCH,
      onError: (error) => this.snapshotFailed(error),
    });
  }

  start(): void {
    if (this.snapshotLsn !== this.state.lsn) this.stateChanged();
    const { backupDirs, backupIntervalSeconds } = this.options;
    if (backupDirs.length > 0 && backupIntervalSeconds > 0) {
      this.backupTimer = setInterval(() => {
        void this.backupNow().catch(() => undefined);
      }, backupIntervalSeconds * 1000);
      this.backupTimer.unref();
    }
  }

  /** Checks, in the background, the journal segments start-up did not read (all in the snapshot). */
  checkUnreadSegments(segments: readonly ReadSegment[]): Promise<void> {
    const unread = segments.filter((segment) => segment.unread);
    const { fs, logger } = this.options;
    this.coveredCheck = checkCoveredSegments(fs, unread, logger, () => this.closed).catch(
      (error: unknown) => {
        logger.warn('journal: could not check the segments the snapshot holds', {
          error: error instanceof Error ? error.message : String(error),
        });
      },
    );
    return this.coveredCheck;
  }

  /** New durable records: a snapshot once enough of them are past the last one (see above). */
  stateChanged(): void {
    const intervalMs = this.options.snapshotIntervalMs;
    if (intervalMs <= 0 || this.closed) return;
    const behind = this.state.lsn - this.snapshotLsn;
    if (behind >= Math.max(1, this.state.billCount * SNAPSHOT_GROWTH)) {
      clearTimeout(this.deferred);
      this.deferred = undefined;
      this.snapshots.request();
      return;
    }
    if (this.deferred) return;
    this.deferred = setTimeout(() => {
      this.deferred = undefined;
      if (!this.closed) this.snapshots.request();
    }, intervalMs * SNAPSHOT_MAX_DELAY_INTERVALS);
    this.deferred.unref();
  }

  /** Writes daily_shifts.json now if it is behind the state; returns the newest written. */
  async writeSnapshot(): Promise<WrittenSnapshot | undefined> {
    await this.snapshots.runNow();
    return this.lastSnapshot;
  }

  /** Copies a fresh, verified snapshot into every BACKUP_DIRS folder. */
  backupNow(): Promise<BackupOutcome[]> {
    this.backupRun ??= this.backup().finally(() => {
      this.backupRun = undefined;
    });
    return this.backupRun;
  }

  status(inFlight: number, failed: string | undefined): StorageStatus {
    const segments = this.writer.segments;
    return {
      lsn: this.state.lsn,
      bills: this.state.billCount,
      days: this.state.dates().length,
      inFlight,
      journal: {
        segments: segments.length,
        bytes: segments.reduce((sum, segment) => sum + segment.size, 0),
        ...(failed ? { failed } : {}),
      },
      snapshot: {
        lsn: this.snapshotLsn,
        writtenAt: this.lastSnapshot?.writtenAt,
        bytes: this.lastSnapshot?.bytes,
        ...(this.snapshotError ? { error: this.snapshotError } : {}),
      },
      backups: this.options.backupDirs.map((dir) => ({
        dir,
        lsn: this.backupLsns.get(dir) ?? 0,
        ...(this.backupErrors.has(dir) ? { error: this.backupErrors.get(dir) } : {}),
      })),
    };
  }

  /**
   * Stops the timers, lets running work finish, writes the final snapshot. A failed final
   * snapshot is logged, not thrown: every bill is in the journal and the next start replays it.
   */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.backupTimer);
    clearTimeout(this.deferred);
    await this.backupRun?.catch(() => undefined);
    await this.coveredCheck;
    await this.snapshots.stop();
    try {
      await this.snapshotJob();
    } catch (error) {
      this.options.logger.error('final snapshot failed; the journal still holds every bill', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private async snapshotJob(): Promise<void> {
    const lsn = this.state.lsn;
    if (lsn === this.snapshotLsn) return;
    const { fs, storeId, timeZone, now, logger } = this.options;
    const meta = { storeId, timeZone, lsn, writtenAt: now().toISOString() };
    const started = performance.now();
    this.lastSnapshot = await writeSnapshotFile(
      fs,
      this.snapshotPath,
      meta,
      this.state.view(),
      this.state.ledgerView(),
    );
    this.snapshotLsn = lsn;
    if (this.snapshotError) logger.info('snapshot written again', { lsn });
    this.snapshotError = undefined;
    const ms = Math.round(performance.now() - started);
    if (ms > 500)
      logger.info('large snapshot written', { lsn, ms, bytes: this.lastSnapshot.bytes });
    await this.removeUnneededSegments();
  }

  private snapshotFailed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    // The journal still holds everything: log once per kind of failure, retry later.
    if (message !== this.snapshotError) {
      this.options.logger.error('snapshot write failed; will retry', { error: message });
    }
    this.snapshotError = message;
    if (!this.closed) this.snapshots.request();
  }

  private async backup(): Promise<BackupOutcome[]> {
    const { fs, backupDirs, backupKeep, logger } = this.options;
    if (backupDirs.length === 0) return [];
    await this.writeSnapshot();
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(this.snapshotPath);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
      return [];
    }
    // Only a verified snapshot is copied: a bad one would spread to every backup.
    const header = readVerifiedHeader(bytes);
    const outcomes = await copySnapshotToBackups({
      fs,
      bytes,
      header,
      dirs: backupDirs,
      keep: backupKeep,
      logger,
    });
    for (const outcome of outcomes) {
      if (outcome.status === 'failed') this.backupErrors.set(outcome.dir, outcome.error ?? '');
      else {
        this.backupErrors.delete(outcome.dir);
        this.backupLsns.set(outcome.dir, outcome.lsn);
      }
    }
    await this.removeUnneededSegments();
    return outcomes;
  }

  private async removeUnneededSegments(): Promise<void> {
    const { backupDirs, confirmedLsn, logger } = this.options;
    const doomed = deletableSegments(this.writer.segments, {
      snapshotLsn: this.snapshotLsn,
      backupLsns: backupDirs.map((dir) => this.backupLsns.get(dir) ?? 0),
      confirmedLsn: confirmedLsn(),
    });
    if (doomed.length === 0) return;
    try {
      await this.writer.removeSegments(doomed);
      logger.info('journal segments removed', { paths: doomed.map((segment) => segment.path) });
    } catch (error) {
      logger.error('journal segment removal failed', { error: String(error) });
    }
  }
}
