// One relay per DATA_DIR: two processes appending to one journal would interleave records.
// A lock file holds the owner's pid; a lock whose process is gone (crash, kill -9) is stale
// and taken over.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StorageError, errnoCode } from './errors.js';

const LOCK_FILE = 'relay.lock';

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dataDir: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
      return {
        release: () => {
          try {
            unlinkSync(path);
          } catch {
            // Already gone (DATA_DIR removed): nothing left to release.
          }
        },
      };
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSync(path, 'utf8').trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new StorageError(
        'DATA_DIR_LOCKED',
        `DATA_DIR ${dataDir} is in use by process ${owner}. Stop that relay first; if no relay ` +
          `is running, delete ${path}.`,
      );
    }
    unlinkSync(path);
  }
  throw new StorageError('DATA_DIR_LOCKED', `could not take the lock ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}
