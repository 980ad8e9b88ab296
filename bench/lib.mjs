// Shared pieces of the benchmarks: the built relay as a child process, a keep-alive HTTP load
// generator (node:http: fetch tops out near 2,000 requests/s here), bill factories and stats.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const relayMain = fileURLToPath(new URL('../apps/relay/dist/main.js', import.meta.url));
export const TOKEN = 'bench-token-0123456789abcdef';

export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Starts the built relay; see startServer. */
export function startRelay(env) {
  return startServer(relayMain, env);
}

/**
 * Starts a server script and resolves once it prints "listening on". Returns its URL, the
 * time it took to start (ms), kill() (SIGKILL) and stop() (SIGTERM, waits for exit).
 * @param {string} script
 * @param {Record<string, string>} env
 * @param {string[]} nodeArgs e.g. ['--cpu-prof'] to profile the server
 */
export function startServer(script, env, nodeArgs = []) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      RELAY_TOKEN: TOKEN,
      RATE_LIMIT_PER_MINUTE: '0',
      STORE_TIMEZONE: 'America/Bogota',
      // Intake benchmarks measure the write path with the sync off (it has its own benchmark,
      // sync-drain); relay-intake adds one row with the sync draining at the same time.
      TIME_TO_SYNC: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const match = /listening on (https?:\/\/\S+)/.exec(output);
      if (!match) return;
      child.stdout.off('data', onData);
      child.stdout.resume();
      const startMs = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({
        url: String(match[1]).replace('0.0.0.0', '127.0.0.1').replace('localhost', '127.0.0.1'),
        startMs,
        pid: child.pid,
        kill: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done(child.exitCode);
            child.once('exit', done);
            child.kill('SIGKILL');
          }),
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done(child.exitCode);
            child.once('exit', done);
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${output}`)));
  });
}

let counter = 0;
/** A valid bill of `lines` lines, unique id, created now. */
export function makeBill(tillId = 'bench-till', lines = 3) {
  counter += 1;
  const id = `bench-${process.pid}-${Date.now().toString(36)}-${counter}`;
  const items = Array.from({ length: lines }, (_, i) => ({
    id: `SKU-${i + 1}`,
    name: `Item ${i + 1}`,
    price: 1500 + i * 250,
    quantity: 1 + (i % 3),
  }));
  const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);
  return { id, tillId, version: 1, createdAt: new Date().toISOString(), items, total };
}

/**
 * Runs `clients` concurrent loops of single-bill PUTs for `seconds` (or, with `batch`, POSTs of
 * that many bills to /api/v1/bills/batch), over keep-alive connections. Returns throughput of
 * acknowledged bills and request latency percentiles.
 */
export async function putLoad(
  baseUrl,
  { clients, seconds, batch = 0, path = (bill) => `/api/v1/bills/${bill.id}` },
) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const latencies = [];
  let acknowledged = 0;
  let failed = 0;
  const deadline = Date.now() + seconds * 1000;
  const began = process.hrtime.bigint();
  async function client(index) {
    while (Date.now() < deadline) {
      const t0 = process.hrtime.bigint();
      if (batch > 0) {
        const bills = Array.from({ length: batch }, () => makeBill(`till-${index}`));
        const answer = await request(url, agent, 'POST', '/api/v1/bills/batch', { bills }, true);
        const ok = (answer.body?.results ?? []).filter((r) => r.status === 201 || r.status === 200);
        acknowledged += ok.length;
        failed += batch - ok.length;
      } else {
        const bill = makeBill(`till-${index}`);
        const status = await request(url, agent, 'PUT', path(bill), bill);
        if (status === 201 || status === 200) acknowledged += 1;
        else failed += 1;
      }
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  const elapsed = Number(process.hrtime.bigint() - began) / 1e9;
  agent.destroy();
  return {
    clients,
    acknowledged,
    failed,
    perSecond: acknowledged / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/**
 * One JSON request; resolves with the status code once the body has been read, or with
 * {status, body} (the body parsed) when `withBody` is true.
 */
export function request(url, agent, method, path, body, withBody = false) {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        agent,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': payload.length }
            : {}),
        },
      },
      (res) => {
        if (!withBody) {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
          return;
        }
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode, body: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export function percentile(values, p) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
