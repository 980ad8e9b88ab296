// The built relay (apps/relay/dist/main.js) as a child process, and a small node:http client
// with keep-alive (fetch is several times slower under load).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const RELAY_MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
export const RELAY_TOKEN = 'integration-relay-token-0123456789';
export const ADMIN_TOKEN = 'integration-admin-token-0123456789';

if (!existsSync(RELAY_MAIN)) {
  throw new Error(`${RELAY_MAIN} is missing: run pnpm --filter @caja/relay build first`);
}

/** Every relay a test file started: a failing assertion must not leave one running. */
const started = new Set<ChildProcess>();
afterAll(() => {
  for (const child of started)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function baseEnv(dataDir: string): Record<string, string> {
  // Only what the relay needs: no inherited .env surprises, no AWS credentials.
  return {
    PATH: process.env.PATH ?? '',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    RELAY_TOKEN,
    RATE_LIMIT_PER_MINUTE: '0',
    STORE_TIMEZONE: 'America/Bogota',
  };
}

export interface RunningRelay {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the relay and resolves once it prints its `listening on <url>` line. `nodeArgs` go
 * before the program (a drill's `--import` preload that injects faults at the OS boundary).
 */
export function startRelay(
  env: Record<string, string>,
  cwd = tmpdir(),
  nodeArgs: string[] = [],
): Promise<RunningRelay> {
  const child = spawn(process.execPath, [...nodeArgs, RELAY_MAIN], {
    env,
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`relay did not start within 20 s:\n${output}`));
    }, 20_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /listening on (https?:\/\/\S+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1]!,
        child,
        output: () => output,
        exited,
        kill: (signal) => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`relay exited with ${code} before listening:\n${output}`));
    });
  });
}

/** Runs a sub-command to completion. */
export function runCommand(args: string[], env: Record<string, string>, cwd = tmpdir()) {
  const result = spawnSync(process.execPath, [RELAY_MAIN, ...args], { env, cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface JsonAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface RequestOptions {
  agent?: http.Agent;
  token?: string | null;
  body?: unknown;
  ca?: Buffer;
  timeoutMs?: number;
}

/** One JSON request over node:http(s); rejects on network errors (reset, refused, timeout). */
export function requestJson(
  baseUrl: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<JsonAnswer> {
  const url = new URL(path, baseUrl);
  const payload =
    options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
  const token = options.token === undefined ? RELAY_TOKEN : options.token;
  const headers: Record<string, string | number> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = payload.length;
  }
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      url,
      {
        method,
        headers,
        // No agent given: a connection of its own. Node's global agent keeps sockets alive, and a
        // test that blocks its event loop (spawnSync of a sub-command) can outlive the relay's
        // keep-alive timeout and then reuse a socket the relay has closed ("socket hang up").
        agent: options.agent ?? false,
        ca: options.ca,
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // keep text
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface TestBill {
  id: string;
  tillId: string;
  version: number;
  createdAt: string;
  items: { id: string; price: number; quantity: number }[];
  total: number;
}

/** A valid bill; `seed` varies its lines so versions differ in content. */
export function makeBill(
  id: string,
  tillId: string,
  version: number,
  createdAt: string,
  seed: number,
): TestBill {
  const items = Array.from({ length: 1 + (seed % 3) }, (_, line) => ({
    id: `SKU-${line + 1}`,
    price: 100 + ((seed * 37 + line * 11) % 900),
    quantity: 1 + ((seed + line) % 4),
  }));
  const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);
  return { id, tillId, version, createdAt, items, total };
}
