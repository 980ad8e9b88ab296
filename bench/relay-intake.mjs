// Intake benchmark: durable acknowledged bills per second and latency at 1, 16 and 64
// concurrent clients, single-bill PUTs over HTTP, beside the original's whole-file rewrite,
// both on a day already holding 10,000 bills. Then restart time with a 100,000-bill journal.
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  fmt,
  makeBill,
  percentile,
  putLoad,
  request,
  startRelay,
  startServer,
  tempDir,
} from './lib.mjs';

const baselineScript = fileURLToPath(
  new URL('./baselines/whole-file-rewrite.mjs', import.meta.url),
);
const CONCURRENCY = [1, 16, 64];
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const PRELOAD = 10_000;
const BATCH_SIZE = 50;
const BATCH_CLIENTS = 16;

/** Loads `count` bills through the batch endpoint, 500 at a time. */
async function preload(baseUrl, count) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  for (let sent = 0; sent < count; sent += 500) {
    const bills = Array.from({ length: Math.min(500, count - sent) }, () => makeBill('preload'));
    const status = await request(url, agent, 'POST', '/api/v1/bills/batch', { bills });
    if (status !== 200) throw new Error(`preload batch answered ${status}`);
  }
  agent.destroy();
}

async function measure(name, baseUrl) {
  await putLoad(baseUrl, { clients: 16, seconds: 1 }); // warm-up: JIT, connections, caches
  const rows = [];
  for (const clients of CONCURRENCY) {
    const result = await putLoad(baseUrl, { clients, seconds: SECONDS });
    console.log(`${name} ${clients} clients: ${fmt(result.perSecond)} bills/s`);
    rows.push(result);
  }
  return rows;
}

export async function benchIntake() {
  const relayDir = tempDir('caja-bench-relay-');
  const relay = await startRelay({ DATA_DIR: relayDir });
  await preload(relay.url, PRELOAD);
  const relayRows = await measure('relay', relay.url);
  const batchRow = await putLoad(relay.url, {
    clients: BATCH_CLIENTS,
    seconds: SECONDS,
    batch: BATCH_SIZE,
  });
  console.log(
    `relay batches of ${BATCH_SIZE}, ${BATCH_CLIENTS} clients: ${fmt(batchRow.perSecond)} bills/s`,
  );
  await relay.stop();

  // The same relay with its sync on (embedded dynalite, in the relay's own process): a sync run
  // starts at once and keeps draining while bills arrive, competing for the same two cores.
  const syncingDir = tempDir('caja-bench-syncing-');
  const syncing = await startRelay({ DATA_DIR: syncingDir, TIME_TO_SYNC: '1' });
  await preload(syncing.url, PRELOAD);
  const syncingRow = await putLoad(syncing.url, { clients: 64, seconds: SECONDS });
  console.log(`relay while syncing, 64 clients: ${fmt(syncingRow.perSecond)} bills/s`);
  await syncing.stop();
  rmSync(syncingDir, { recursive: true, force: true });

  const baseDir = tempDir('caja-bench-baseline-');
  const baseline = await startServer(baselineScript, {
    DATA_DIR: baseDir,
    PRELOAD_BILLS: String(PRELOAD),
  });
  const baselineRows = await measure('baseline', baseline.url);
  await baseline.stop();
  rmSync(baseDir, { recursive: true, force: true });
  rmSync(relayDir, { recursive: true, force: true });

  const lines = [
    '## Bill intake',
    '',
    `Single-bill \`PUT /api/v1/bills/{id}\` over keep-alive HTTP from the same machine, ${SECONDS} s per row,`,
    `after a 1 s warm-up, on a day already holding ${fmt(PRELOAD)} bills. The relay answers only once`,
    'the bill is fsynced in its journal. The baseline rewrites the whole daily_shifts.json for every',
    'bill, as the original register did (and does not even fsync).',
    '',
    '| clients | relay bills/s | relay p50 ms | relay p99 ms | baseline bills/s | baseline p50 ms | baseline p99 ms | speed-up |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  relayRows.forEach((r, i) => {
    const b = baselineRows[i] ?? r;
    lines.push(
      `| ${r.clients} | ${fmt(r.perSecond)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${fmt(b.perSecond)} | ${fmt(b.p50, 2)} | ${fmt(b.p99, 2)} | ${fmt(r.perSecond / b.perSecond, 1)}× |`,
    );
    if (r.failed + b.failed > 0)
      lines.push(`| | ${r.failed} failed | | | ${b.failed} failed | | | |`);
  });
  lines.push(
    '',
    `Batches of ${BATCH_SIZE} bills (\`POST /api/v1/bills/batch\`) from ${BATCH_CLIENTS} clients, same relay and day: ${fmt(batchRow.perSecond)} bills/s,`,
    `p50 ${fmt(batchRow.p50, 2)} ms, p99 ${fmt(batchRow.p99, 2)} ms per request${batchRow.failed > 0 ? `, ${batchRow.failed} failed` : ''}`,
    `(${fmt(batchRow.perSecond / (baselineRows.at(-1)?.perSecond ?? 1), 1)}× the baseline at ${CONCURRENCY.at(-1)} clients).`,
    '',
    `While the sync drains (its worker thread and the embedded store's own process on the same two cores, 64 clients): ${fmt(syncingRow.perSecond)} bills/s,`,
    `p50 ${fmt(syncingRow.p50, 2)} ms, p99 ${fmt(syncingRow.p99, 2)} ms${syncingRow.failed > 0 ? `, ${syncingRow.failed} failed` : ''}. With AWS the`,
    'store runs elsewhere; the SDK work stays in the worker thread (see "The sync and the tills").',
    '',
    ...(await benchRestart()),
  );
  return lines.join('\n');
}

/** Waits (at most 30 s) until daily_shifts.json in `dir` covers `lsn`. */
async function snapshotReaches(dir, lsn) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const head = existsSync(join(dir, 'daily_shifts.json'))
      ? readFileSync(join(dir, 'daily_shifts.json')).subarray(0, 400).toString()
      : '';
    const covered = Number(/"lsn": (\d+)/.exec(head)?.[1] ?? 0);
    if (covered >= lsn) return;
    if (Date.now() > deadline) throw new Error(`no snapshot reached LSN ${lsn} (at ${covered})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Bills sent just before the SIGKILL: what the journal holds past the last snapshot. */
const CRASH_TAIL = 5_000;

/** Start-up time the tills may wait for with 100,000 bills held. */
const RESTART_TARGET_MS = 1000;

/** Starts measured per row: the median is reported, the machine being noisy. */
const RESTART_RUNS = Number(process.env.BENCH_RESTART_RUNS ?? 5);

/**
 * Median start-up time (ms) of the relay on copies of `image` (each start may change its data
 * dir: a SIGTERM writes a snapshot), stopped with SIGKILL so that nothing is written after.
 */
async function medianStart(image) {
  const times = [];
  for (let run = 0; run < RESTART_RUNS; run++) {
    const dir = tempDir('caja-bench-start-');
    if (image) cpSync(image, dir, { recursive: true });
    const relay = await startRelay({ DATA_DIR: dir });
    times.push(relay.startMs);
    await relay.kill();
    rmSync(dir, { recursive: true, force: true });
  }
  return percentile(times, 50);
}

/** Start-up time with 100,000 bills: from the snapshot + journal, and from the journal alone. */
export async function benchRestart() {
  const BILLS = 100_000;
  const emptyMs = await medianStart(undefined);

  const dir = tempDir('caja-bench-restart-');
  const first = await startRelay({ DATA_DIR: dir });
  await preload(first.url, BILLS - CRASH_TAIL);
  // A power cut: the snapshot the relay wrote of those (within ten seconds, in the background),
  // plus the journal records of a burst of bills after it.
  await snapshotReaches(dir, BILLS - CRASH_TAIL);
  await preload(first.url, CRASH_TAIL);
  await first.kill();
  const afterKillMs = await medianStart(dir);
  // A clean stop writes the snapshot of everything.
  const stopping = await startRelay({ DATA_DIR: dir });
  await stopping.stop();
  const withSnapshotMs = await medianStart(dir);
  // Without daily_shifts.json the relay must rebuild everything by replaying the journal.
  rmSync(join(dir, 'daily_shifts.json'));
  const journalOnlyMs = await medianStart(dir);
  rmSync(dir, { recursive: true, force: true });

  const verdict = (ms) => (ms <= RESTART_TARGET_MS ? 'met' : 'not met');
  return [
    `### Restart with ${fmt(BILLS)} bills`,
    '',
    'Time from spawning `node apps/relay/dist/main.js` to its `listening on` line, the median of',
    `${RESTART_RUNS} starts per row, each on a copy of the same data. Target: at most ${fmt(RESTART_TARGET_MS)} ms with`,
    `${fmt(BILLS)} bills, beside the same run's empty DATA_DIR (Node's start and the relay's imports).`,
    '',
    '| data | start-up ms | over the empty DATA_DIR | target ≤ 1 s |',
    '| --- | ---: | ---: | --- |',
    `| empty DATA_DIR (baseline: process start only) | ${fmt(emptyMs)} | | |`,
    `| snapshot + journal, after SIGTERM | ${fmt(withSnapshotMs)} | +${fmt(withSnapshotMs - emptyMs)} | ${verdict(withSnapshotMs)} |`,
    `| snapshot + journal tail, after SIGKILL (a burst of ${fmt(CRASH_TAIL)} bills past the snapshot) | ${fmt(afterKillMs)} | +${fmt(afterKillMs - emptyMs)} | ${verdict(afterKillMs)} |`,
    `| journal only (snapshot removed), full replay | ${fmt(journalOnlyMs)} | +${fmt(journalOnlyMs - emptyMs)} | ${verdict(journalOnlyMs)} |`,
    '',
    'A restart finds daily_shifts.json: the relay writes it at SIGTERM and in the background while it',
    'runs, so after a power cut only the records past it are replayed. The last row is recovery from a',
    'lost or damaged daily_shifts.json, where every bill is parsed and the ledger rebuilt from them.',
  ];
}
