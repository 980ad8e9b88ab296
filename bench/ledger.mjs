// Ledger benchmarks, each beside a naive baseline measured in the same run:
// - a report over a year of a busy shop (365 days x 1,000 bills) from the per-day aggregates the
//   relay keeps, beside a scan of every bill into the same report;
// - a Z over one day's 1,000 bills (the relay keeps bills by day), beside finding the day's
//   bills by scanning the whole year first;
// - intake with the journal's hash chain on, beside the same relay with it off
//   (JOURNAL_HASH_CHAIN=false), 16 clients of single-bill PUTs, alternated to spread the noise.
import { aggregateDay, buildReport, businessDay, computeZ, REPORT_DIMENSIONS } from '@caja/models';
import { fmt, putLoad, startRelay, tempDir } from './lib.mjs';

const ZONE = 'America/Bogota';
const DAYS = 365;
const BILLS_PER_DAY = 1_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

/** @typedef {import('@caja/models').Bill} Bill */

/** @returns {{ date: string, bills: Bill[] }[]} */
function yearOfBills() {
  const days = [];
  const start = Date.UTC(2025, 0, 1, 13, 0, 0);
  let n = 0;
  for (let day = 0; day < DAYS; day++) {
    /** @type {Bill[]} */
    const bills = [];
    for (let i = 0; i < BILLS_PER_DAY; i++) {
      n += 1;
      const createdAt = new Date(start + day * 86_400_000 + i * 36_000).toISOString();
      const quantity = 1 + (n % 3);
      const price = 500 + (n % 40) * 125;
      const kind = n % 50 === 0 ? 'credit_note' : 'sale';
      const sign = kind === 'credit_note' ? -1 : 1;
      const items = [
        { id: `SKU-${n % 60}`, price: sign * price, quantity },
        { id: `SKU-${(n * 7) % 60}`, price: sign * 300, quantity: 1 },
      ];
      const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);
      const method = ['cash', 'card', 'other'][n % 3];
      bills.push(
        /** @type {Bill} */ ({
          id: `bill-${n}`,
          tillId: `till-${n % 4}`,
          version: 1,
          createdAt,
          items,
          total,
          kind,
          status: n % 97 === 0 ? 'void' : 'closed',
          number: Math.ceil(n / 4),
          payment: method === 'cash' ? { method, tendered: total, change: 0 } : { method },
        }),
      );
    }
    days.push({ date: businessDay(new Date(start + day * 86_400_000), ZONE), bills });
  }
  return days;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn, runs) {
  const samples = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = fn();
    samples.push(performance.now() - started);
  }
  return { ms: median(samples), result };
}

export async function benchLedger() {
  const year = yearOfBills();
  const from = year[0]?.date ?? '';
  const to = year.at(-1)?.date ?? '';
  const day = year[200];
  if (!day) throw new Error('the year has no day 200');
  // What the relay keeps: one aggregate per day, made once when the day last changed.
  const aggregates = year.map((day) => aggregateDay(day.date, day.bills, ZONE));
  const reportRows = [];
  for (const by of REPORT_DIMENSIONS) {
    const kept = time(() => buildReport(aggregates, { from, to, by }), 9);
    const naive = time(() => {
      const all = year.flatMap((day) => day.bills);
      const byDay = new Map();
      for (const bill of all) {
        const date = businessDay(bill.createdAt, ZONE);
        if (!byDay.has(date)) byDay.set(date, []);
        byDay.get(date).push(bill);
      }
      return buildReport(
        [...byDay].map(([date, bills]) => aggregateDay(date, bills, ZONE)),
        { from, to, by },
      );
    }, 3);
    if (JSON.stringify(kept.result.totals) !== JSON.stringify(naive.result.totals)) {
      throw new Error(`report by ${by}: kept aggregates and the naive scan disagree`);
    }
    reportRows.push(
      `| report by ${by} | ${fmt(kept.ms, 2)} ms | ${fmt(naive.ms, 0)} ms | ${fmt(naive.ms / kept.ms, 0)}x |`,
    );
    console.log(`report by ${by}: ${fmt(kept.ms, 2)} ms (naive ${fmt(naive.ms, 0)} ms)`);
  }
  // A day whose bills changed: its aggregate is made again from its 1,000 bills.
  const oneDay = time(() => aggregateDay(day.date, day.bills, ZONE), 9);

  /** @param {Bill[]} bills */
  const zInput = (bills) => ({
    zNumber: 201,
    date: day.date,
    closedAt: new Date().toISOString(),
    bills,
    moves: [
      { id: 'm', date: day.date, amount: 20_000, reason: 'float', at: new Date().toISOString() },
    ],
    countedCash: 0,
    previousGrandTotal: 0,
    chainHead: '0'.repeat(64),
  });
  const z = time(() => computeZ(zInput(day.bills)), 9);
  const zNaive = time(
    () =>
      computeZ(
        zInput(
          year
            .flatMap((d) => d.bills)
            .filter((bill) => businessDay(bill.createdAt, ZONE) === day.date),
        ),
      ),
    3,
  );
  console.log(`Z: ${fmt(z.ms, 2)} ms (naive ${fmt(zNaive.ms, 0)} ms)`);

  // Hash chain: the same relay build with the chain on and off, alternated.
  /** @type {{ on: number[], off: number[] }} */
  const runs = { on: [], off: [] };
  for (const round of [0, 1]) {
    for (const chain of round === 0 ? ['on', 'off'] : ['off', 'on']) {
      const relay = await startRelay({
        DATA_DIR: tempDir(`caja-bench-chain-${chain}-`),
        JOURNAL_HASH_CHAIN: chain === 'on' ? 'true' : 'false',
      });
      await putLoad(relay.url, { clients: 16, seconds: 1 }); // warm-up
      const result = await putLoad(relay.url, { clients: 16, seconds: SECONDS });
      runs[chain].push(result.perSecond);
      console.log(`intake, chain ${chain}: ${fmt(result.perSecond)} bills/s`);
      await relay.stop();
    }
  }
  const on = runs.on.reduce((a, b) => a + b) / runs.on.length;
  const off = runs.off.reduce((a, b) => a + b) / runs.off.length;
  const cost = ((off - on) / off) * 100;

  return `## Ledger: reports, Z, hash chain

A year of a busy shop: ${DAYS} days x ${fmt(BILLS_PER_DAY)} bills (${fmt(DAYS * BILLS_PER_DAY)}; 2 lines
each, 2 % credit notes, 1 % void, three tenders, four tills). The relay keeps one aggregate per
day (packages/models \`aggregateDay\`, remade only for a day whose bills changed: ${fmt(oneDay.ms, 1)} ms
for 1,000 bills) and a report merges them (\`buildReport\`). Baseline: the naive report, a scan
of every bill of the year into the same figures. Medians of 9 (kept) and 3 (naive) runs; both give
the same totals (checked).

| what | with kept aggregates | naive scan of every bill | faster |
| --- | --- | --- | --- |
${reportRows.join('\n')}
| Z of one day (1,000 bills) | ${fmt(z.ms, 2)} ms | ${fmt(zNaive.ms, 0)} ms (find the day in the year) | ${fmt(zNaive.ms / z.ms, 0)}x |

Targets: report <= 200 ms, Z <= 50 ms.

Hash chain (each journal record carries the SHA-256 of the one before): intake, 16 clients of
single-bill PUTs for ${SECONDS} s, the built relay with \`JOURNAL_HASH_CHAIN\` on and off, two rounds
alternated (mean of the two):

| chain | bills/s | runs |
| --- | --- | --- |
| on | ${fmt(on)} | ${runs.on.map((v) => fmt(v)).join(', ')} |
| off (baseline) | ${fmt(off)} | ${runs.off.map((v) => fmt(v)).join(', ')} |

Cost of the chain: ${fmt(cost, 1)} % of intake (target <= 5 %; negative means within the noise of
two cores shared with other work).`;
}
