// What the DynamoDB sync costs the tills, on the built relay with its embedded DynamoDB store
// (dynalite in its own process, the sync in a worker thread), each figure beside a same-run
// baseline:
// - 100 tills each saving one bill a second, with the sync off and with it every 2 s;
// - 64 clients saving as fast as they can, with the sync off and while a backlog drains;
// - draining a backlog of bills (relay restarted with the sync on) at several numbers of
//   requests in flight (SYNC_CONCURRENCY).
// The load comes from node:http keep-alive agents in this process.
import http from 'node:http';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fmt, makeBill, percentile, putLoad, request, startRelay, tempDir } from './lib.mjs';

const TILLS = 100;
const TILL_SECONDS = Number(process.env.BENCH_TILL_SECONDS ?? 30);
const BACKLOG = Number(process.env.BENCH_SYNC_BILLS ?? 100_000);
const SWEEP_BILLS = Number(process.env.BENCH_SWEEP_BILLS ?? 20_000);
const CONCURRENCY = [1, 8, 32];
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

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

async function health(baseUrl) {
  const answer = await fetch(`${baseUrl}/api/v1/health`);
  return (await answer.json()).sync;
}

/** `tills` clients, each PUTting one bill a second (start times spread over the first second). */
async function tillLoad(baseUrl, tills, seconds) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: tills });
  const latencies = [];
  let failed = 0;
  const deadline = Date.now() + seconds * 1000;
  async function till(index) {
    await new Promise((resolve) => setTimeout(resolve, (index * 1000) / tills));
    let next = Date.now();
    while (next < deadline) {
      const bill = makeBill(`till-${index}`);
      const t0 = process.hrtime.bigint();
      const status = await request(url, agent, 'PUT', `/api/v1/bills/${bill.id}`, bill);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (status !== 201) failed += 1;
      next += 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
    }
  }
  await Promise.all(Array.from({ length: tills }, (_, i) => till(i)));
  agent.destroy();
  return {
    bills: latencies.length,
    failed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
  };
}

async function tillsRow(syncEnv) {
  const dir = tempDir('caja-bench-tills-');
  const relay = await startRelay({ DATA_DIR: dir, ...syncEnv });
  await preload(relay.url, 10_000);
  // Steady state: the preloaded day is synced before the measurement (a backlog is measured below).
  while (syncEnv.TIME_TO_SYNC !== '0' && (await health(relay.url)).pendingBills > 0)
    await new Promise((resolve) => setTimeout(resolve, 200));
  await tillLoad(relay.url, TILLS, 3); // warm-up: JIT, connections, first sync runs
  const row = await tillLoad(relay.url, TILLS, TILL_SECONDS);
  const sync = await health(relay.url);
  await relay.stop();
  rmSync(dir, { recursive: true, force: true });
  return { ...row, sync };
}

/** A relay holding `bills` unsynced bills, restarted with the sync on: the drain starts at once. */
async function withBacklog(bills, env, during) {
  const dir = tempDir('caja-bench-backlog-');
  const first = await startRelay({ DATA_DIR: dir });
  await preload(first.url, bills);
  await first.stop();
  const relay = await startRelay({ DATA_DIR: dir, TIME_TO_SYNC: '3600', ...env });
  const started = Date.now();
  const result = await during(relay);
  let sync = await health(relay.url);
  while (sync.pendingBills > 0 || !sync.lastSuccessAt) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    sync = await health(relay.url);
  }
  const seconds = (Date.now() - started) / 1000;
  await relay.stop();
  rmSync(dir, { recursive: true, force: true });
  return { ...result, seconds, perSecond: bills / seconds, sync };
}

/** The same relay holding `bills` bills, restarted with the sync off. */
async function withoutSync(bills, during) {
  const dir = tempDir('caja-bench-backlog-off-');
  const first = await startRelay({ DATA_DIR: dir });
  await preload(first.url, bills);
  await first.stop();
  const relay = await startRelay({ DATA_DIR: dir, TIME_TO_SYNC: '0' });
  const result = await during(relay);
  await relay.stop();
  rmSync(dir, { recursive: true, force: true });
  return result;
}

export async function benchSyncImpact() {
  const off = await tillsRow({ TIME_TO_SYNC: '0' });
  console.log(`100 tills, sync off: p99 ${fmt(off.p99, 1)} ms`);
  const on = await tillsRow({ TIME_TO_SYNC: '2' });
  console.log(`100 tills, sync every 2 s: p99 ${fmt(on.p99, 1)} ms`);
  const target = Math.max(15, 1.5 * off.p99);

  const intakeDir = tempDir('caja-bench-intake-');
  const plain = await startRelay({ DATA_DIR: intakeDir });
  await putLoad(plain.url, { clients: 16, seconds: 1 });
  const alone = await putLoad(plain.url, { clients: 64, seconds: SECONDS });
  await plain.stop();
  rmSync(intakeDir, { recursive: true, force: true });
  const intakeLoad = async (relay) => {
    await putLoad(relay.url, { clients: 16, seconds: 1 });
    const load = await putLoad(relay.url, { clients: 64, seconds: SECONDS });
    return { load, pendingAfter: (await health(relay.url)).pendingBills };
  };
  // The baseline for the drain: the same relay holding the same 30,000 bills, with the sync off
  // (a relay holding 30,000 bills takes bills more slowly than an empty one, sync or not).
  const backlogOff = await withoutSync(30_000, intakeLoad);
  const draining = await withBacklog(30_000, {}, intakeLoad);
  console.log(
    `64 clients: ${fmt(alone.perSecond)} bills/s on an empty relay, ${fmt(backlogOff.load.perSecond)} holding 30,000 bills with the sync off, ${fmt(draining.load.perSecond)} while they drain`,
  );

  const drain = await withBacklog(BACKLOG, {}, async () => ({}));
  console.log(`drain of ${fmt(BACKLOG)}: ${fmt(drain.perSecond)} bills/s`);
  const sweep = [];
  for (const concurrency of CONCURRENCY) {
    const row = await withBacklog(
      SWEEP_BILLS,
      { SYNC_CONCURRENCY: String(concurrency) },
      async () => ({}),
    );
    console.log(`drain at ${concurrency} in flight: ${fmt(row.perSecond)} bills/s`);
    sweep.push({ concurrency, ...row });
  }

  const ms = (value) => `${fmt(value, 1)} ms`;
  return [
    '## The sync and the tills',
    '',
    'The built relay with its embedded DynamoDB-compatible store: dynalite in its own process,',
    'the sync (AWS SDK, retries, checks) in a worker thread at a lower CPU priority, both fed',
    'from the journal. Load from node:http keep-alive agents in the benchmark process.',
    '',
    `### ${TILLS} tills × 1 bill/s`,
    '',
    `${TILLS} clients each save one bill a second for ${TILL_SECONDS} s (after a 3 s warm-up) on a`,
    'day already holding 10,000 bills. Latency is from request to the durable acknowledgement.',
    '',
    '| | bills | p50 | p99 | max |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| sync off (baseline) | ${fmt(off.bills)} | ${ms(off.p50)} | ${ms(off.p99)} | ${ms(off.max)} |`,
    `| sync every 2 s | ${fmt(on.bills)} | ${ms(on.p50)} | ${ms(on.p99)} | ${ms(on.max)} |`,
    '',
    `Target: p99 with the sync ≤ max(15 ms, 1.5 × p99 without) = ${ms(target)}: ${on.p99 <= target ? 'met' : 'not met'}.`,
    `With the sync on, ${fmt(on.sync.pendingBills)} bills were pending at the end (state ${on.sync.state}).`,
    '',
    '### Intake while a backlog drains',
    '',
    `64 clients saving as fast as they can for ${SECONDS} s on a relay restarted with 30,000 unsynced`,
    'bills: with the sync off, and with it on, the drain starting at once (it gives way to intake:',
    'apps/relay/src/sync/pacing.ts). An empty relay with the sync off for reference.',
    '',
    '| | bills/s | p50 | p99 |',
    '| --- | ---: | ---: | ---: |',
    `| 30,000 bills held, sync off (baseline) | ${fmt(backlogOff.load.perSecond)} | ${ms(backlogOff.load.p50)} | ${ms(backlogOff.load.p99)} |`,
    `| 30,000 bills held, while they drain | ${fmt(draining.load.perSecond)} | ${ms(draining.load.p50)} | ${ms(draining.load.p99)} |`,
    `| empty relay, sync off (reference) | ${fmt(alone.perSecond)} | ${ms(alone.p50)} | ${ms(alone.p99)} |`,
    '',
    `Ratio ${fmt((100 * draining.load.perSecond) / backlogOff.load.perSecond)} % of the baseline (target ≥ 80 %: ${draining.load.perSecond >= 0.8 * backlogOff.load.perSecond ? 'met' : 'not met'}; ${fmt((100 * draining.load.perSecond) / alone.perSecond)} % of the empty relay); ${fmt(draining.pendingAfter)} bills were still pending when the load stopped, and the drain took ${fmt(draining.seconds, 1)} s in all.`,
    '',
    '### Draining a backlog',
    '',
    `From the restart with the sync on to health reporting no pending bill: ${fmt(BACKLOG)} bills at`,
    `the default ${8} requests in flight, then ${fmt(SWEEP_BILLS)} bills at each SYNC_CONCURRENCY.`,
    '',
    '| backlog | SYNC_CONCURRENCY | seconds | bills/s |',
    '| ---: | ---: | ---: | ---: |',
    `| ${fmt(BACKLOG)} | 8 | ${fmt(drain.seconds, 1)} | ${fmt(drain.perSecond)} |`,
    ...sweep.map(
      (row) =>
        `| ${fmt(SWEEP_BILLS)} | ${row.concurrency} | ${fmt(row.seconds, 1)} | ${fmt(row.perSecond)} |`,
    ),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await benchSyncImpact());
