// A chain's month in the cloud: 50 stores x 30 days x 1,000 bills in dynalite (bill items, each
// day's SUMMARY and its AGGREGATE, written as the relay's sync and the reporter's recompute write
// them), then the reporter's chain report for every `by`: from SUMMARY + AGGREGATE items (one
// BatchGetItem per 50 store-days), beside the same report from every bill item (a Query per
// store-day, all pages) in the same run, on the same table.
import { addDays, aggregateDay, REPORT_DIMENSIONS } from '@caja/models';
import { fmt } from './lib.mjs';
import {
  batchWriteAll,
  createDayTable,
  documentClient,
  processCpuSeconds,
  startDynaliteProcess,
} from './dynamo.mjs';

const STORES = Number(process.env.BENCH_CHAIN_STORES ?? 50);
// Bill items of the first BENCH_CHAIN_BILL_STORES stores only (every store's SUMMARY and
// AGGREGATE are written from its full days): loading all 1.5 million bill items into dynalite
// takes over ten minutes here, so the baseline reads these stores and is scaled to the chain.
const BILL_STORES = Math.min(STORES, Number(process.env.BENCH_CHAIN_BILL_STORES ?? 5));
const DAYS = Number(process.env.BENCH_CHAIN_DAYS ?? 30);
const BILLS = Number(process.env.BENCH_CHAIN_BILLS ?? 1000);
const FROM = '2026-11-01';
const ZONE = 'America/Bogota';
const TABLE = 'bench_chain';
const SKUS = 200;
const REPEATS = 3;
const reporterLibrary = new URL('../apps/reporter/dist/index.js', import.meta.url).href;

/** One store-day's bills: 4 tills, 1 to 3 lines of 200 items, cash/card/other, 3 % credit
 * notes, 2 % void, spread over the opening hours (08:00 to 20:00 Bogotá). */
function dayBills(store, date) {
  /** @type {import('@caja/models').Bill[]} */
  const bills = [];
  const opening = Date.parse(`${date}T13:00:00Z`);
  for (let n = 0; n < BILLS; n += 1) {
    const seed = (n * 2654435761 + store.length * 97 + Number(date.slice(8))) >>> 0;
    const credit = n % 33 === 7;
    const sign = credit ? -1 : 1;
    const items = Array.from({ length: 1 + (seed % 3) }, (_, line) => ({
      id: `SKU-${(seed + line * 7919) % SKUS}`,
      price: sign * (250 + ((seed >>> 3) % 80) * 50 + line * 100),
      quantity: 1 + ((seed >>> (line + 5)) % 3),
    }));
    const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);
    const method = /** @type {const} */ (['cash', 'card', 'other'])[seed % 3] ?? 'other';
    bills.push({
      id: `${store}-${date}-${n}`,
      tillId: `till-${n % 4}`,
      version: 1,
      createdAt: new Date(opening + Math.floor((n * 43_200_000) / BILLS)).toISOString(),
      items,
      total,
      kind: credit ? /** @type {const} */ ('credit_note') : /** @type {const} */ ('sale'),
      status: n % 50 === 13 ? /** @type {const} */ ('void') : /** @type {const} */ ('closed'),
      number: n + 1,
      payment:
        method === 'cash'
          ? { method, tendered: Math.max(total, 0), change: Math.max(total, 0) - total }
          : { method },
    });
  }
  return bills;
}

/** Wall seconds and CPU seconds (this process, and dynalite's) of one call. */
async function measure(dynalitePid, task) {
  const cpu0 = process.cpuUsage();
  const dyn0 = processCpuSeconds(dynalitePid);
  const t0 = process.hrtime.bigint();
  const value = await task();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return {
    value,
    wall,
    cpu: (cpu.user + cpu.system) / 1e6,
    dynaliteCpu: processCpuSeconds(dynalitePid) - dyn0,
  };
}

export async function benchChainReport() {
  // The built reporter (a bundle: not type-checked from here).
  const reporter = await import(reporterLibrary);
  const dynalite = await startDynaliteProcess({
    inMemory: process.env.BENCH_CHAIN_DISK !== '1',
    heapMb: 8192,
  });
  const client = documentClient(dynalite.endpoint);
  await createDayTable(client, TABLE);
  const stores = Array.from(
    { length: STORES },
    (_, s) => `store-${String(s + 1).padStart(2, '0')}`,
  );
  const dates = Array.from({ length: DAYS }, (_, d) => addDays(FROM, d));
  const at = new Date().toISOString();

  function* items() {
    for (const [index, store] of stores.entries())
      for (const date of dates) {
        const bills = dayBills(store, date);
        const day = { storeId: store, date };
        if (index < BILL_STORES)
          yield bills.map((bill) => reporter.billToItem(store, date, bill, at));
        yield [
          reporter.summaryToItem(store, date, reporter.summarizeDay(bills), at),
          reporter.aggregateToItem(day, {
            aggregate: aggregateDay(date, bills, ZONE),
            timeZone: ZONE,
            digest: reporter.dayDigest(bills),
            billCount: bills.length,
            computedAt: at,
          }),
        ];
      }
  }
  const load = await measure(dynalite.pid, () => batchWriteAll(client, TABLE, items(), 32));
  console.error(
    `chain: loaded ${fmt(load.value)} items in ${fmt(load.wall, 1)} s (CPU ${fmt(load.cpu, 1)} s + dynalite ${fmt(load.dynaliteCpu, 1)} s)`,
  );

  const connected = reporter.connect(
    reporter.readSettings({
      DYNAMODB_ENDPOINT: dynalite.endpoint,
      DYNAMODB_TABLE: TABLE,
      STORE_TIMEZONE: ZONE,
    }),
  );
  const to = dates.at(-1);
  const request = (by, storeIds) => ({ storeIds, from: FROM, to, by, timeZone: ZONE });
  const run = (by, useAggregates, storeIds = stores) => {
    let sources;
    return measure(dynalite.pid, async () => {
      const report = await reporter.chainReport(connected.table, request(by, storeIds), {
        concurrency: 16,
        useAggregates,
        onSources: (found) => (sources = found),
      });
      return { report, sources };
    });
  };

  const rows = [];
  const fast = new Map();
  for (const by of REPORT_DIMENSIONS) {
    const runs = [];
    for (let i = 0; i < REPEATS; i += 1) runs.push(await run(by, true));
    const pick = runs.sort((a, b) => a.wall - b.wall)[Math.floor(REPEATS / 2)];
    if (!pick) throw new Error('no runs');
    const { sources, report } = pick.value;
    if (sources.fromBills !== 0)
      throw new Error(`${by}: ${sources.fromBills} days read bill by bill`);
    fast.set(by, report);
    rows.push(
      `| ${by} | SUMMARY + AGGREGATE (${fmt(sources.fromAggregates)} store-days) | ${fmt(pick.wall, 2)} | ${fmt(pick.cpu, 2)} | ${fmt(pick.dynaliteCpu, 2)} | ${fmt(report.rows.length)} |`,
    );
  }
  // The baseline reads the same bill items whatever `by` is: once, for `item`, over the stores
  // that have bill items; its rows must equal the fast path's over the same stores.
  const billStores = stores.slice(0, BILL_STORES);
  const slow = await run('item', false, billStores);
  const same = await run('item', true, billStores);
  const slowReport = slow.value.report;
  if (JSON.stringify(slowReport.rows) !== JSON.stringify(same.value.report.rows))
    throw new Error('the report from bill items differs from the one from aggregates');
  const scale = STORES / BILL_STORES;
  const scaled = (value) =>
    scale === 1 ? fmt(value, 2) : `${fmt(value, 2)} (x${fmt(scale, 1)}: ${fmt(value * scale, 1)})`;
  rows.push(
    `| item, ${BILL_STORES} stores | SUMMARY + AGGREGATE (${fmt(same.value.sources.fromAggregates)} store-days) | ${fmt(same.wall, 2)} | ${fmt(same.cpu, 2)} | ${fmt(same.dynaliteCpu, 2)} | ${fmt(same.value.report.rows.length)} |`,
    `| item, ${BILL_STORES} stores (baseline) | every bill item (${fmt(slow.value.sources.fromBills)} store-days, ${fmt(BILL_STORES * DAYS * BILLS)} items) | ${scaled(slow.wall)} | ${scaled(slow.cpu)} | ${scaled(slow.dynaliteCpu)} | ${fmt(slowReport.rows.length)} |`,
  );
  connected.close();
  client.destroy();
  await dynalite.close();

  const billCount = STORES * DAYS * BILLS;
  return `## A chain's month from DynamoDB (cloud reporter)

${fmt(STORES)} stores x ${fmt(DAYS)} days x ${fmt(BILLS)} bills a day: a SUMMARY and an AGGREGATE per
store-day (${fmt(STORES * DAYS)} of each, computed from the full days), and the bill items of
${fmt(BILL_STORES)} of the stores (${fmt(BILL_STORES * DAYS * BILLS)} items; all ${fmt(billCount)} would take
over ten minutes to load here: BENCH_CHAIN_BILL_STORES=${fmt(STORES)} loads them), in dynalite (its own
process, in memory), loaded with BatchWriteItem (25 items a request, 32 in flight) in
${fmt(load.wall, 1)} s (CPU ${fmt(load.cpu, 1)} s here + ${fmt(load.dynaliteCpu, 1)} s dynalite). The report for
${FROM}..${to} through the reporter's chainReport (16 requests in flight), each row the median of
${REPEATS} runs. CPU: the reporter's process, and dynalite's. Target: ≤ 3 s for the whole chain
from SUMMARY items. The baseline reads the bill items of the ${fmt(BILL_STORES)} stores and is scaled
(x${fmt(STORES / BILL_STORES, 1)}) to the chain: a Query per store-day, linear in the number of bills.

Every \`by\` (day, week, month, till, tender, hour, item) is answered from the AGGREGATE item when
its digest and bill count equal the SUMMARY's (\`hour\` also needs the aggregate's zone to be the
asked one); SUMMARY alone holds only total, bill count and digest, not max/min or the breakdowns.
A store-day whose aggregate is missing or stale is read bill by bill, as the baseline reads all.

| by | read from | seconds | CPU s (reporter) | CPU s (dynalite) | rows |
| --- | --- | ---: | ---: | ---: | ---: |
${rows.join('\n')}`;
}
