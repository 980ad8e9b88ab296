// One relay per DATA_DIR: two processes appending to one journal would interleave records.
//
// The lock is a listening Unix socket named after DATA_DIR's real path. The kernel closes it
// when its process ends in any way (exit, crash, kill -9, power cut), so a lock can never be
// left behind, and a process id reused by another program after a reboot means nothing. On
// Linux the socket lives in the abstract namespace (no file at all); elsewhere it is a socket
// file in DATA_DIR, which a new relay removes when nothing answers on it. relay.lock keeps
// the holder's pid for people; the relay itself never decides anything from it.
import { createHash } from 'node:crypto';
import { realpathSync, unlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { StorageError, errnoCode } from './errors.js';

const PID_FILE = 'relay.lock';
const SOCKET_FILE = 'relay.lock.sock';

export interface DataDirLock {
  release(): void;
}

/** Takes DATA_DIR for this process, or rejects with DATA_DIR_LOCKED while another holds it. */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const address = lockAddress(dataDir);
  const pidPath = join(dataDir, PID_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    const server = await listen(address);
    if (server) {
      writeFileSync(pidPath, `${process.pid}\n`);
      return {
        release: () => {
          server.close();
          removeQuietly(pidPath);
        },
      };
    }
    if (await answers(address)) {
      throw new StorageError(
        'DATA_DIR_LOCKED',
        `DATA_DIR ${dataDir} is in use by another running relay (see ${pidPath} for its ` +
          'process id). Stop that relay first.',
      );
    }
    // A socket file nobody listens on (only outside Linux): left by a process that ended.
    if (!address.startsWith('\0')) removeQuietly(address);
  }
  throw new StorageError('DATA_DIR_LOCKED', `could not take the lock on DATA_DIR ${dataDir}`);
}

/** Where the lock listens: an abstract socket on Linux, a socket file in DATA_DIR elsewhere. */
export function lockAddress(dataDir: string): string {
  if (process.platform !== 'linux') return join(dataDir, SOCKET_FILE);
  const key = createHash('sha256').update(realpathSync(dataDir)).digest('hex').slice(0, 40);
  return `\0caja-relay-${key}`;
}

/** A server listening on `address`, or undefined when someone else has it. */
function listen(address: string): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    // Whoever asks just learns the lock is held: the connection ends at once.
    const server = createServer((socket) => socket.end());
    server.once('error', (error) => {
      if (errnoCode(error) === 'EADDRINUSE') resolve(undefined);
      else reject(error);
    });
    server.listen(address, () => {
      // The lock must not keep the process alive on its own.
      server.unref();
      resolve(server);
    });
  });
}

/** True when a live process listens on `address`. */
function answers(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(address);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone (DATA_DIR removed): nothing left to remove.
  }
}
