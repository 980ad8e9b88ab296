// Appends groups of records to the active journal segment: one write and one fdatasync per
// group, rotation to a new segment at a size limit, and a rollback when a write fails.
//
// Failure policy:
// - write() fails (ENOSPC, EIO): the file is cut back to its last durable length and fsynced;
//   the caller rejects the group, nothing of it becomes visible, the writer stays usable
//   (a full disk recovers once space is freed).
// - fdatasync() fails, or the rollback fails: after a failed fsync the kernel may have dropped
//   the dirty pages and a retry can "succeed" without the data (PostgreSQL's fsyncgate), so the
//   writer refuses every later append. Restarting re-reads what is really on disk.
import { join } from 'node:path';
import { StorageError, errnoCode } from './errors.js';
import type { StorageFs, WritableFile } from './fs-port.js';
import { SEGMENT_MAGIC, encodeFrames } from './journal-frame.js';
import { segmentFileName } from './journal-segments.js';

export interface SegmentState {
  path: string;
  firstLsn: number;
  /** Undefined while the segment holds no record. */
  lastLsn?: number;
  /** Durable length in bytes. */
  size: number;
}

export interface JournalWriterOptions {
  fs: StorageFs;
  journalDir: string;
  /** Segments found at start-up, in order; the last one is appended to when it fits. */
  existing: SegmentState[];
  /** LSN of the next record. */
  nextLsn: number;
  segmentBytes: number;
}

export class JournalWriter {
  private file: WritableFile | undefined;
  private failure: StorageError | undefined;
  private durableLsn: number;
  /** Every segment still on disk, oldest first; the last is the active one (when open). */
  readonly segments: SegmentState[];

  constructor(private readonly options: JournalWriterOptions) {
    this.segments = options.existing.map((segment) => ({ ...segment }));
    this.durableLsn = options.nextLsn - 1;
  }

  get lastDurableLsn(): number {
    return this.durableLsn;
  }

  /** Set once the journal can no longer be written safely. */
  get failed(): StorageError | undefined {
    return this.failure;
  }

  /** Appends records lsn first..first+payloads.length-1 and makes them durable. */
  async append(firstLsn: number, payloads: readonly string[]): Promise<void> {
    if (this.failure) throw this.failure;
    if (firstLsn !== this.durableLsn + 1) {
      throw new Error(`journal: append at LSN ${firstLsn}, expected ${this.durableLsn + 1}`);
    }
    let active: SegmentState;
    try {
      active = await this.activeSegmentFor(firstLsn, payloads);
    } catch (error) {
      // Opening the segment failed (a read-only remount, EMFILE): nothing was written.
      if (error instanceof StorageError) throw error;
      throw new StorageError('WRITE_FAILED', `journal open failed: ${describe(error)}`, {
        cause: error,
      });
    }
    const file = this.file!;
    const data = encodeFrames(payloads, active.size === 0);
    try {
      await file.write(data);
    } catch (error) {
      await this.rollBack(file, active.size, error);
      throw new StorageError('WRITE_FAILED', `journal write failed: ${describe(error)}`, {
        cause: error,
      });
    }
    try {
      await file.datasync();
    } catch (error) {
      throw this.fail(`journal fdatasync failed: ${describe(error)}`, error);
    }
    active.size += data.length;
    active.lastLsn = firstLsn + payloads.length - 1;
    this.durableLsn = active.lastLsn;
  }

  async close(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    await file?.close();
  }

  /** Deletes closed segments (never the active one) chosen by the caller. */
  async removeSegments(segments: readonly SegmentState[]): Promise<void> {
    let removed = 0;
    for (const segment of segments) {
      if (!this.segments.includes(segment) || segment === this.segments.at(-1)) continue;
      try {
        await this.options.fs.unlink(segment.path);
      } catch (error) {
        if (errnoCode(error) !== 'ENOENT') throw error;
      }
      const index = this.segments.indexOf(segment);
      if (index >= 0) this.segments.splice(index, 1);
      removed += 1;
    }
    if (removed > 0) await this.options.fs.syncDir(this.options.journalDir);
  }

  /** The segment the records go to: the active one, or a new one when it is full or stale. */
  private async activeSegmentFor(firstLsn: number, payloads: readonly string[]) {
    const active = this.segments[this.segments.length - 1];
    let bytes = 0;
    for (const payload of payloads) bytes += payload.length + 8;
    const continues = active && (active.lastLsn ?? active.firstLsn - 1) === firstLsn - 1;
    const full =
      active &&
      active.size > SEGMENT_MAGIC.length &&
      active.size + bytes > this.options.segmentBytes;
    if (!active || !continues || full) return this.startSegment(firstLsn);
    this.file ??= await this.options.fs.openForAppend(active.path);
    return active;
  }

  /** Opens a new segment named by its first LSN; the directory is fsynced so its name survives. */
  private async startSegment(firstLsn: number): Promise<SegmentState> {
    const { fs, journalDir } = this.options;
    const path = join(journalDir, segmentFileName(firstLsn));
    if (this.segments.some((segment) => segment.path === path)) {
      throw new Error(`journal: segment ${path} exists already`);
    }
    let file: WritableFile | undefined;
    try {
      file = await fs.openForWrite(path);
      await fs.syncDir(journalDir);
    } catch (error) {
      await file?.close().catch(() => undefined);
      const message = `cannot start journal segment ${path}: ${describe(error)}`;
      throw new StorageError('WRITE_FAILED', message, { cause: error });
    }
    await this.file?.close().catch(() => undefined);
    this.file = file;
    // An empty segment (left by a crash right after its creation) holds nothing: drop it.
    const previous = this.segments[this.segments.length - 1];
    if (previous && previous.lastLsn === undefined) {
      this.segments.pop();
      await fs.unlink(previous.path).catch(() => undefined);
    }
    const segment: SegmentState = { path, firstLsn, size: 0 };
    this.segments.push(segment);
    return segment;
  }

  private async rollBack(file: WritableFile, durableSize: number, cause: unknown): Promise<void> {
    try {
      await file.truncate(durableSize);
      await file.datasync();
    } catch (error) {
      // A read-only disk refuses the write and the cut alike; when the file still has its
      // durable length, nothing of the failed write is on disk and the writer stays usable,
      // so the relay recovers by itself once the disk is writable again.
      const path = this.segments.at(-1)?.path;
      const size = path ? await this.options.fs.size(path).catch(() => -1) : -1;
      if (size === durableSize) return;
      throw this.fail(
        `journal write failed (${describe(cause)}) and cutting it back failed too: ${describe(error)}`,
        error,
      );
    }
  }

  private fail(message: string, cause: unknown): StorageError {
    this.failure = new StorageError(
      'STORAGE_FAILED',
      `${message}. The relay no longer accepts bills; restart it once the disk is healthy.`,
      { cause },
    );
    return this.failure;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
