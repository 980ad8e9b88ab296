// The daily schedule's poster: yesterday in the stores' zone, by till, POSTed to the webhook as
// the same report the handler answers; a webhook that fails makes the invocation fail (the
// schedule retries it), and no webhook configured is a settings error that names the variable.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '@caja/models';
import { postDailyReport } from '../src/daily.js';
import { ReportInputError } from '../src/request.js';
import { connect, readSettings, type Connected } from '../src/settings.js';
import {
  TABLE,
  ZONE,
  randomChain,
  relayAggregates,
  seeded,
  startDynalite,
  writeStore,
  type Dynalite,
} from './chain-fixture.js';

const STORES = ['north', 'south'];
let dynamo: Dynalite;
let connected: Connected;
let webhook: http.Server;
let webhookUrl: string;
const received: Array<{ path: string; body: unknown }> = [];
let answerStatus = 204;
const chain = randomChain(seeded(7), STORES, '2026-11-20', 4, 25);

beforeAll(async () => {
  dynamo = await startDynalite();
  for (const store of STORES) await writeStore(dynamo.endpoint, store, chain.get(store)!);
  connected = connect(readSettings({ DYNAMODB_ENDPOINT: dynamo.endpoint, DYNAMODB_TABLE: TABLE }));
  webhook = http.createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(text) });
      res.writeHead(answerStatus).end();
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hooks/caja`;
});
afterAll(async () => {
  connected.close();
  await dynamo.close();
  await new Promise((resolve) => webhook.close(resolve));
});

const settings = (webhookUrl: string | undefined) => ({
  webhookUrl,
  timeZone: ZONE,
  concurrency: 4,
});

describe('daily webhook', () => {
  it("posts yesterday's figures by till, in the stores' zone", async () => {
    // 02:00 UTC on the 23rd is 21:00 on the 22nd in Bogotá: yesterday there is the 21st.
    const now = () => new Date('2026-11-23T02:00:00Z');
    const result = await postDailyReport(
      connected.table,
      settings(webhookUrl),
      { storeIds: STORES },
      now,
    );
    const expected = buildReport(
      STORES.flatMap((store) => relayAggregates(chain.get(store)!)),
      { from: '2026-11-21', to: '2026-11-21', by: 'till' },
    );
    expect(expected.totals.count).toBeGreaterThan(0);
    expect(result).toEqual({
      date: '2026-11-21',
      total: expected.totals.total,
      count: expected.totals.count,
    });
    expect(received).toHaveLength(1);
    expect(received[0]!.path).toBe('/hooks/caja');
    expect(received[0]!.body).toEqual({
      event: 'report.daily',
      date: '2026-11-21',
      report: { ...expected, storeIds: STORES },
    });
  });

  it('fails when the webhook answers an error, and without a webhook configured', async () => {
    const now = () => new Date('2026-11-22T12:00:00Z');
    answerStatus = 503;
    await expect(
      postDailyReport(connected.table, settings(webhookUrl), { storeIds: STORES }, now),
    ).rejects.toThrow(/answered 503/);
    answerStatus = 204;
    const missing = await postDailyReport(
      connected.table,
      settings(undefined),
      { storeIds: STORES },
      now,
    ).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(ReportInputError);
    expect((missing as ReportInputError).field).toBe('REPORT_WEBHOOK_URL');
  });
});
