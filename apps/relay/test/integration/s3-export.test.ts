// S3 exports from the built relay into s3rver (behind the fault proxy): a past day confirmed in
// DynamoDB and never closed is exported as JSON (the day's shift) and CSV; exports go through
// connection resets with retries; a late bill exports the day again; an S3 outage makes health
// degraded until the export catches up.
import { rmSync } from 'node:fs';
import { addDays, businessDay } from '@caja/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Rig, type S3Rig } from './export-support/s3-rig.js';
import { startDynamoRig, type DynamoRig } from './sync-support/dynamo-rig.js';
import { PASS } from './sync-support/fault-proxy.js';
import { startSyncedRelay } from './sync-support/synced-relay.js';
import {
  ADMIN_TOKEN,
  makeBill,
  requestJson,
  sleep,
  tempDir,
  type RunningRelay,
} from './relay-process.js';

const STORE_ID = 'export-store';
const ZONE = 'America/Bogota';
let dynamo: DynamoRig;
let s3: S3Rig;
let relay: RunningRelay | undefined;
const dataDir = tempDir('caja-export-');

beforeAll(async () => {
  dynamo = await startDynamoRig();
  s3 = await startS3Rig();
});
afterAll(async () => {
  await relay?.kill('SIGKILL');
  await s3.close();
  await dynamo.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Two and three days back: past the "next morning" rule whatever the hour of the test. */
const day = (daysAgo: number) => addDays(businessDay(new Date(), ZONE), -daysAgo);
const keyOf = (date: string, ext: string) =>
  `${STORE_ID}/${date.slice(0, 4)}/${date.slice(5, 7)}/${date}.${ext}`;

async function until<T>(what: string, check: () => Promise<T | undefined | false>) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}\n${relay?.output() ?? ''}`);
    await sleep(200);
  }
}

/** The exported document, or undefined while absent (or caught half-written on s3rver's disk). */
async function readDocument(date: string) {
  const text = await s3.read(keyOf(date, 'json'));
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

async function exported(date: string, billCount: number) {
  return until(`${date} exported with ${billCount} bills`, async () => {
    const document = await readDocument(date);
    return document?.shift?.billCount === billCount ? document : undefined;
  });
}

describe('S3 export of days', () => {
  it('exports confirmed past days through faults, again after a late bill, and says so in health', async () => {
    // The first four requests to S3 have their connection reset: the export retries.
    let resets = 4;
    s3.proxy.rule = () => (resets-- > 0 ? { kind: 'reset' } : PASS);
    relay = await startSyncedRelay(
      dataDir,
      {
        storeId: STORE_ID,
        table: 'caja_export_test',
        endpoint: dynamo.dynaliteEndpoint,
        zone: ZONE,
      },
      {
        S3_EXPORT_BUCKET: s3.bucket,
        S3_ENDPOINT: s3.proxy.endpoint,
        S3_EXPORT_INTERVAL: '1',
        // s3rver checks signatures made with its own keys (dynalite takes any).
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        SYNC_RETRY_CAP_MS: '100',
        SYNC_RETRY_ATTEMPTS: '8',
        SYNC_BREAKER_FAILURES: '3',
        SYNC_BREAKER_COOLDOWN_MS: '500',
      },
    );
    const bills = [2, 3].flatMap((daysAgo) =>
      Array.from({ length: 12 }, (_, n) =>
        makeBill(
          `ex-${daysAgo}-${n}`,
          `till-${n % 2}`,
          1,
          `${day(daysAgo)}T15:${String(10 + n)}:00.000Z`,
          n,
        ),
      ),
    );
    const upload = await requestJson(relay.url, 'POST', '/api/v1/bills/batch', { body: { bills } });
    expect(upload.status).toBe(200);

    const document = await exported(day(2), 12);
    const shift = (await requestJson(relay.url, 'GET', `/api/v1/shifts/${day(2)}`)).body;
    expect(document).toMatchObject({ storeId: STORE_ID, date: day(2), z: null });
    expect(document.shift.total).toBe(shift.total);
    expect(document.shift.bills.map((bill: { id: string }) => bill.id).sort()).toEqual(
      shift.bills.map((bill: { id: string }) => bill.id).sort(),
    );
    const csv = (await s3.read(keyOf(day(2), 'csv')))!;
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,number,tillId,createdAt,kind,status,tender,total,version,refundOf');
    expect(lines).toHaveLength(13);
    const csvTotal = lines.slice(1).reduce((sum, line) => sum + Number(line.split(',')[7]), 0);
    expect(csvTotal).toBe(shift.total);
    await exported(day(3), 12);
    expect(resets).toBeLessThan(0); // every reset was met, and retried

    // A late bill: the day is confirmed again after the sync, then exported again.
    const late = makeBill('ex-late', 'till-9', 1, `${day(2)}T20:00:00.000Z`, 99);
    await requestJson(relay.url, 'PUT', `/api/v1/bills/${late.id}`, { body: late });
    const again = await exported(day(2), 13);
    expect(again.shift.total).toBe(shift.total + late.total);

    // The owner closes the day: it is exported again, now with its Z.
    const close = await requestJson(relay.url, 'POST', `/api/v1/days/${day(2)}/close`, {
      token: ADMIN_TOKEN,
      body: { countedCash: 0 },
    });
    expect(close.status).toBe(201);
    const closed = await until('the day exported with its Z', async () => {
      const document = await readDocument(day(2));
      return document?.z ? document : undefined;
    });
    expect(closed.z).toMatchObject({ zNumber: close.body.zNumber, date: day(2) });
    expect(closed.z.grandTotal).toBe(close.body.grandTotal);

    // S3 down: health degrades (codes only without a token), then recovers when S3 is back.
    s3.proxy.rule = () => ({ kind: 'error', status: 503, type: 'SlowDown', message: 'down' });
    const later = makeBill('ex-later', 'till-9', 1, `${day(3)}T21:00:00.000Z`, 98);
    await requestJson(relay.url, 'PUT', `/api/v1/bills/${later.id}`, { body: later });
    const degraded = await until('health to show the export failing', async () => {
      const health = (await requestJson(relay!.url, 'GET', '/api/v1/health', { token: null })).body;
      return ['retrying', 'circuit-open'].includes(health.exports?.state) ? health : undefined;
    });
    expect(degraded.status).toBe('degraded');
    const metrics = await requestJson(relay.url, 'GET', '/metrics', { token: null });
    expect(String(metrics.body)).toMatch(/caja_export_failed_runs_total [1-9]/);
    s3.proxy.rule = () => PASS;
    await exported(day(3), 13);
    await until('health ok again', async () => {
      const health = (await requestJson(relay!.url, 'GET', '/api/v1/health', { token: null })).body;
      return health.exports?.state === 'ok' && health.status === 'ok';
    });
    const after = await requestJson(relay.url, 'GET', '/metrics', { token: null });
    expect(String(after.body)).toMatch(/caja_export_days_total [4-9]/);
    expect((await relay.kill('SIGTERM')).code).toBe(0);

    // Local cleanup drops both days (a day of retention); then a late version of one bill of
    // the closed day: its export is the whole day again (from the previous export), not the one
    // bill the relay holds once more.
    const before = (await readDocument(day(2))).shift;
    relay = await startSyncedRelay(
      dataDir,
      {
        storeId: STORE_ID,
        table: 'caja_export_test',
        endpoint: dynamo.dynaliteEndpoint,
        zone: ZONE,
      },
      {
        S3_EXPORT_BUCKET: s3.bucket,
        S3_ENDPOINT: s3.proxy.endpoint,
        S3_EXPORT_INTERVAL: '1',
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        LOCAL_RETENTION_DAYS: '1',
        TIME_TO_CLEAN: '1',
      },
    );
    await until('the days dropped locally', async () => {
      const shift = (await requestJson(relay!.url, 'GET', `/api/v1/shifts/${day(2)}`)).body;
      return shift.billCount === 0;
    });
    const first = bills[0]!;
    const changed = { ...first, version: 2, status: 'void' };
    const put = await requestJson(relay.url, 'PUT', `/api/v1/bills/${first.id}`, { body: changed });
    expect(put.status).toBe(201); // the relay forgot it with its day
    const whole = await until('the dropped day exported whole', async () => {
      const document = await readDocument(day(2));
      const copy = document?.shift.bills.find((bill: { id: string }) => bill.id === first.id);
      return copy?.version === 2 ? document : undefined;
    });
    expect(whole.shift.billCount).toBe(before.billCount);
    expect(whole.shift.total).toBe(before.total - first.total);
    expect(whole.z).toMatchObject({ zNumber: close.body.zNumber });
    expect((await relay.kill('SIGTERM')).code).toBe(0);
  });
});
