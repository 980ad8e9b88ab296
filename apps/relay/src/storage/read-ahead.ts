// The main thread's side of the start-up read ahead (read-ahead-files.ts): started before the
// relay loads its HTTP stack, taken from by recovery. Every answer is "these bytes, still the
// file's" or undefined, and undefined only means recovery reads the file itself: a worker that
// cannot start, fails, or has not read a file changes how fast the relay starts, never what
// it recovers.
import { stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { findFile } from '../dist-files.js';
import type { SegmentScan } from './journal-scan.js';
import { fileIdentity, type ReadAheadMessage } from './read-ahead-files.js';

const WORKER_FILE = 'read-ahead-worker.js';

export interface SnapshotReadAhead {
  bytes: Buffer;
  /** The worker found the checksum right: the caller need not compute it again. */
  digestChecked: boolean;
}

export interface SegmentReadAhead {
  bytes: Buffer;
  /** scanSegment's result for these bytes, checksums included. */
  scan: SegmentScan;
}

/** What recovery asks of a read ahead (tests give their own). */
export interface ReadAhead {
  /** The data folder being read. */
  readonly dataDir: string;
  /** Files handed out so far (for the start-up log). */
  readonly used: number;
  snapshot(path: string): Promise<SnapshotReadAhead | undefined>;
  segment(path: string): Promise<SegmentReadAhead | undefined>;
  /** Stops the worker and lets go of whatever was not taken. */
  close(): void;
}

type FileMessage = Exclude<ReadAheadMessage, { kind: 'done' }>;

/** Collects what a read ahead posts and hands each file out once, if it is still the file. */
export class ReadAheadInbox implements ReadAhead {
  private readonly files = new Map<string, FileMessage>();
  private readonly waiting = new Map<string, Array<() => void>>();
  private finished = false;
  used = 0;

  constructor(
    readonly dataDir: string,
    private readonly onClose: () => void = () => {},
  ) {}

  /** A message from the read ahead. */
  receive(message: ReadAheadMessage): void {
    if (this.finished) return;
    if (message.kind === 'done') return this.finish();
    this.files.set(message.path, message);
    for (const wake of this.waiting.get(message.path) ?? []) wake();
    this.waiting.delete(message.path);
  }

  /** Nothing more will come (done, failed or closed): whoever waits reads for themselves. */
  finish(): void {
    this.finished = true;
    for (const wakes of this.waiting.values()) for (const wake of wakes) wake();
    this.waiting.clear();
  }

  async snapshot(path: string): Promise<SnapshotReadAhead | undefined> {
    const message = await this.take(path);
    if (message?.kind !== 'snapshot') return undefined;
    return { bytes: Buffer.from(message.bytes), digestChecked: message.digestChecked };
  }

  async segment(path: string): Promise<SegmentReadAhead | undefined> {
    const message = await this.take(path);
    if (message?.kind !== 'segment') return undefined;
    return { bytes: Buffer.from(message.bytes), scan: message.scan };
  }

  close(): void {
    this.finish();
    this.files.clear();
    this.onClose();
  }

  private async take(path: string): Promise<Exclude<FileMessage, { kind: 'skipped' }> | undefined> {
    if (!this.files.has(path) && !this.finished) {
      await new Promise<void>((resolve) => {
        const wakes = this.waiting.get(path) ?? [];
        wakes.push(resolve);
        this.waiting.set(path, wakes);
      });
    }
    const message = this.files.get(path);
    this.files.delete(path);
    if (!message || message.kind === 'skipped') return undefined;
    try {
      if (fileIdentity(await stat(path, { bigint: true })) !== message.identity) return undefined;
    } catch {
      return undefined;
    }
    this.used += 1;
    return message;
  }
}

/**
 * Starts reading `dataDir` ahead in a worker thread. Without the built worker (tests run from
 * src/) or when the thread cannot start, the answers are all undefined.
 */
export function startReadAhead(dataDir: string): ReadAhead {
  const script = findFile(import.meta.url, [`./${WORKER_FILE}`, `../${WORKER_FILE}`]);
  let worker: Worker | undefined;
  const inbox = new ReadAheadInbox(dataDir, () => void worker?.terminate());
  if (!script) {
    inbox.finish();
    return inbox;
  }
  try {
    worker = new Worker(script, { workerData: { dataDir } });
  } catch {
    inbox.finish();
    return inbox;
  }
  worker.on('message', (message: ReadAheadMessage) => inbox.receive(message));
  worker.on('error', () => inbox.finish());
  worker.on('exit', () => inbox.finish());
  return inbox;
}
