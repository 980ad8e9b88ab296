// Shared fixtures for the storage tests: temp dirs, bills, and a file-system port that counts
// fsyncs and can be told to fail (an in-memory-free twin of a failing disk, no vi.mock).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bill } from '@caja/models';
import { afterEach } from 'vitest';
import { nodeStorageFs, type StorageFs, type WritableFile } from '../../../src/storage/fs-port.js';
import type { Logger } from '../../../src/logging/logger.js';
import { openDurableBillStore } from '../../../src/storage/open-durable-store.js';
import type { DurableStoreOptions } from '../../../src/storage/store-options.js';

export const TIME_ZONE = 'America/Bogota';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'caja-storage-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A copy of a directory as a crash would leave it: whatever is on disk right now. */
export function crashImage(dir: string): string {
  const copy = tempDir('caja-crash-');
  cpSync(dir, copy, { recursive: true });
  return copy;
}

/** A valid bill (kind and status defaulted); `n` picks a distinct id, till and time. */
export function makeBill(n: number, overrides: Partial<Bill> = {}): Bill {
  const price = 100 + n;
  return {
    id: `bill-${n}`,
    tillId: `till-${n % 3}`,
    version: 1,
    createdAt: new Date(Date.UTC(2026, 10, 27, 15, 0, 0) + n * 1000).toISOString(),
    items: [{ id: 'SKU-1', name: 'Coffee', price, quantity: 1 + (n % 2) }],
    total: price * (1 + (n % 2)),
    kind: 'sale',
    status: 'closed',
    ...overrides,
  };
}

/** A bill of a given business day in TIME_ZONE (noon local time is 17:00 UTC). */
export function billOnDay(n: number, date: string, overrides: Partial<Bill> = {}): Bill {
  return makeBill(n, {
    createdAt: `${date}T17:00:${String(n % 60).padStart(2, '0')}.000Z`,
    ...overrides,
  });
}

export interface RecordingLogger extends Logger {
  lines: { level: 'info' | 'warn' | 'error'; message: string; details?: Record<string, unknown> }[];
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  return {
    lines,
    debug: () => {},
    info: (message, details) => lines.push({ level: 'info', message, details }),
    warn: (message, details) => lines.push({ level: 'warn', message, details }),
    error: (message, details) => lines.push({ level: 'error', message, details }),
  };
}

type FaultOp = 'write' | 'datasync' | 'truncate';

/** The real file system, plus counters and one-shot injected failures (ENOSPC, EIO...). */
export class FaultyFs implements StorageFs {
  datasyncs = 0;
  writes = 0;
  private faults: { op: FaultOp; code: string; pathIncludes: string; partial?: boolean }[] = [];

  /** The next `op` on a file whose path includes `pathIncludes` throws `code`. */
  failNext(op: FaultOp, code: string, pathIncludes = '.journal', partial = false): void {
    this.faults.push({ op, code, pathIncludes, partial });
  }

  private takeFault(op: FaultOp, path: string) {
    const index = this.faults.findIndex((f) => f.op === op && path.includes(f.pathIncludes));
    return index < 0 ? undefined : this.faults.splice(index, 1)[0];
  }

  private wrap(path: string, file: WritableFile): WritableFile {
    return {
      write: async (data, position) => {
        this.writes += 1;
        const fault = this.takeFault('write', path);
        if (fault) {
          // A disk filling up mid-write leaves part of the data behind.
          if (fault.partial) await file.write(data.subarray(0, data.length >> 1), position);
          throw Object.assign(new Error(`${fault.code}: injected`), { code: fault.code });
        }
        return file.write(data, position);
      },
      datasync: async () => {
        this.datasyncs += 1;
        const fault = this.takeFault('datasync', path);
        if (fault) throw Object.assign(new Error(`${fault.code}: injected`), { code: fault.code });
        return file.datasync();
      },
      sync: () => file.sync(),
      truncate: async (size) => {
        const fault = this.takeFault('truncate', path);
        if (fault) throw Object.assign(new Error(`${fault.code}: injected`), { code: fault.code });
        return file.truncate(size);
      },
      close: () => file.close(),
    };
  }

  async openForAppend(path: string) {
    return this.wrap(path, await nodeStorageFs.openForAppend(path));
  }
  async openForWrite(path: string, mode?: number) {
    return this.wrap(path, await nodeStorageFs.openForWrite(path, mode));
  }
  readFile = nodeStorageFs.readFile;
  readdir = nodeStorageFs.readdir;
  mkdirp = nodeStorageFs.mkdirp;
  rename = nodeStorageFs.rename;
  unlink = nodeStorageFs.unlink;
  syncDir = nodeStorageFs.syncDir;
  size = nodeStorageFs.size;
}

/** A store with no timers: snapshots and backups happen only when a test asks. */
export function openTestStore(dataDir: string, options: Partial<DurableStoreOptions> = {}) {
  return openDurableBillStore({
    dataDir,
    timeZone: TIME_ZONE,
    snapshotIntervalMs: 0,
    backupIntervalSeconds: 0,
    ...options,
  });
}
