// A relay rebuilding itself: DynamoDB (dynalite) holds 30 days of 1,000 bills of the store, and
// the built relay starts on an empty DATA_DIR. Measured: start to "listening on" (the restore
// happens before it), beside the same start with RECOVER_ON_EMPTY=false in the same run.
import { businessDay, addDays } from '@caja/models';
import { fmt, startRelay, tempDir } from './lib.mjs';

import dynalite from 'dynalite';
import { batchWriteAll, createDayTable, documentClient } from './dynamo.mjs';

const DAYS = Number(process.env.BENCH_REBUILD_DAYS ?? 30);
const BILLS = Number(process.env.BENCH_REBUILD_BILLS ?? 1000);
const ZONE = 'America/Bogota';
const STORE = 'bench-store';
const TABLE = 'bench_rebuild';

export async function benchRebuild() {
  const server = dynalite({ createTableMs: 0 });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${server.address().port}`;
  const client = documentClient(endpoint);
  await createDayTable(client, TABLE);
  // Seed with BatchWriteItem, 25 items a request, 16 requests in flight.
  const today = businessDay(new Date(), ZONE);
  const items = [];
  for (let d = 0; d < DAYS; d += 1) {
    const date = addDays(today, -d);
    for (let n = 0; n < BILLS; n += 1) {
      const id = `b-${d}-${n}`;
      const line = { id: 'SKU-1', price: 1000 + (n % 50), quantity: 1 + (n % 3) };
      const items_ = [line];
      const total = line.price * line.quantity;
      items.push({
        pk: `SHIFT#${STORE}#${date}`,
        sk: `BILL#${id}`,
        id,
        tillId: `till-${n % 4}`,
        version: 1,
        createdAt: new Date(Date.parse(`${date}T15:00:00Z`) + n * 1000).toISOString(),
        items: items_,
        total,
        kind: 'sale',
        status: 'closed',
        number: d * BILLS + n + 1,
      });
    }
  }
  const seedStarted = Date.now();
  await batchWriteAll(client, TABLE, [items], 16);
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  const env = {
    STORE_ID: STORE,
    STORE_TIMEZONE: ZONE,
    DYNAMODB_TABLE: TABLE,
    DYNAMODB_ENDPOINT: endpoint,
    LOCAL_RETENTION_DAYS: String(DAYS),
    RECOVER_LOOKBACK_DAYS: String(DAYS),
  };
  const baseline = await startRelay({
    ...env,
    DATA_DIR: tempDir('caja-bench-rb0-'),
    RECOVER_ON_EMPTY: 'false',
  });
  await baseline.kill();
  const rebuilt = await startRelay({ ...env, DATA_DIR: tempDir('caja-bench-rb1-') });
  await rebuilt.kill();
  client.destroy();
  await new Promise((resolve) => server.close(resolve));
  const seconds = (ms) => fmt(ms / 1000, 2);
  return `## Relay rebuilding itself from DynamoDB

${DAYS} days of ${fmt(BILLS)} bills (${fmt(items.length)} bills) in dynalite (seeded in ${fmt(seedSeconds, 1)} s with
BatchWriteItem); the built relay started on an empty DATA_DIR, time to "listening on" (the restore
comes first). Target: ≤ 10 s.

| start | seconds |
| --- | ---: |
| empty DATA_DIR, RECOVER_ON_EMPTY=false (baseline) | ${seconds(baseline.startMs)} |
| empty DATA_DIR, restoring ${fmt(items.length)} bills | ${seconds(rebuilt.startMs)} |`;
}
