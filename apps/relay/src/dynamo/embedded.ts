// The embedded DynamoDB-compatible store used when neither DYNAMODB_ENDPOINT nor AWS credentials
// are configured: dynalite in its own process (dynalite-process.mjs), data in DATA_DIR/dynamodb,
// listening on loopback only. Its CPU (about as much per bill as the sync itself) is then never
// spent on the event loop that answers tills. The relay supervises it: if it dies it is started
// again on the same port (so the sync's client keeps its endpoint) after a short backoff, and it
// stops with the relay (it also exits by itself when the relay's IPC channel closes: SIGKILL).
// The port in use is written to DATA_DIR/dynamodb/port and preferred on the next start.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFile } from '../dist-files.js';
import type { Logger } from '../logging/logger.js';

export interface EmbeddedDynamo {
  endpoint: string;
  path: string;
  /** PID of the dynalite process now (changes when it is restarted). */
  pid(): number | undefined;
  /** How many times it was started again after dying. */
  restarts(): number;
  close(): Promise<void>;
}

const CHILD_FILE = 'dynalite-process.mjs';
const RESTART_DELAYS_MS = [100, 250, 500, 1000, 2000, 5000];
const START_TIMEOUT_MS = 15_000;

/** The child's script: beside this module in the sources, in dist/ once built. */
function childScript(): string {
  const candidates = [`./${CHILD_FILE}`, `../${CHILD_FILE}`, `./dynamo/${CHILD_FILE}`];
  const path = findFile(import.meta.url, candidates);
  if (path) return path;
  throw new Error(`${CHILD_FILE} not found beside ${fileURLToPath(import.meta.url)}`);
}

function launch(script: string, path: string, port: number) {
  const child = fork(script, [path, String(port)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: [],
    serialization: 'json',
  });
  const listening = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('dynalite did not start within 15 s'));
    }, START_TIMEOUT_MS);
    child.on('message', (message: { type: string; port?: number; message?: string }) => {
      if (message.type === 'listening') resolve(message.port!);
      else reject(new Error(`dynalite could not listen: ${message.message}`));
      clearTimeout(timer);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dynalite exited with code ${code} while starting`));
    });
  });
  return { child, listening };
}

export async function startEmbeddedDynamo({
  dataDir,
  logger,
  port,
}: {
  dataDir: string;
  logger: Logger;
  /** 0 picks a free port; default: the port used last time, else any free one. */
  port?: number;
}): Promise<EmbeddedDynamo> {
  const path = join(dataDir, 'dynamodb');
  await mkdir(path, { recursive: true });
  const portFile = join(path, 'port');
  const script = childScript();
  const remembered = Number((await readFile(portFile, 'utf8').catch(() => '')).trim());
  let wanted = port ?? (Number.isInteger(remembered) && remembered > 0 ? remembered : 0);

  let first = launch(script, path, wanted);
  let bound: number;
  try {
    bound = await first.listening;
  } catch (error) {
    if (wanted === 0) throw error;
    // The remembered port is taken by something else: any free one will do.
    first = launch(script, path, 0);
    bound = await first.listening;
  }
  wanted = bound;
  await writeFile(portFile, `${bound}\n`);
  const endpoint = `http://127.0.0.1:${bound}`;
  logger.warn(
    'No DYNAMODB_ENDPOINT and no AWS credentials: syncing to the embedded DynamoDB-compatible ' +
      `store (dynalite, its own process) at ${path}, on ${endpoint}. Set DYNAMODB_ENDPOINT or ` +
      'AWS credentials to sync to DynamoDB.',
    { endpoint, path, pid: first.child.pid },
  );

  let child: ChildProcess | undefined = first.child;
  let closing = false;
  let restarts = 0;
  let failuresInARow = 0;
  let timer: NodeJS.Timeout | undefined;

  const supervise = (current: ChildProcess) => {
    current.once('exit', (code, signal) => {
      if (child === current) child = undefined;
      if (closing) return;
      const delay = RESTART_DELAYS_MS[Math.min(failuresInARow, RESTART_DELAYS_MS.length - 1)]!;
      failuresInARow += 1;
      logger.error('the embedded DynamoDB store stopped; starting it again', {
        code,
        signal,
        inMs: delay,
      });
      timer = setTimeout(restart, delay);
    });
  };
  const restart = () => {
    if (closing) return;
    const next = launch(script, path, wanted);
    child = next.child;
    supervise(next.child);
    next.listening.then(
      () => {
        restarts += 1;
        failuresInARow = 0;
        logger.warn('the embedded DynamoDB store is running again', { pid: next.child.pid });
      },
      // The exit handler above schedules the next attempt.
      (error: Error) => logger.error(`the embedded DynamoDB store did not start: ${error.message}`),
    );
  };
  supervise(first.child);

  return {
    endpoint,
    path,
    pid: () => child?.pid,
    restarts: () => restarts,
    async close() {
      closing = true;
      clearTimeout(timer);
      const running = child;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill('SIGTERM');
      const killer = setTimeout(() => running.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(killer);
    },
  };
}
