// The cloud's report against dynalite equals the relay's (the same pure report over the stores'
// bills), whether each day comes from its bill items or from its recomputed aggregate; the
// stream handler and the recompute keep the aggregates right and are idempotent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateDay, buildReport, REPORT_DIMENSIONS, type Bill } from '@caja/models';
import {
  dirtyDaysOf,
  markDirtyDays,
  recomputeDirtyDays,
  type StreamRecord,
} from '../src/aggregates.js';
import { chainReport, type ReportSources } from '../src/chain-report.js';
import { handler } from '../src/handler.js';
import { ReportInputError } from '../src/request.js';
import { connect, readSettings, type Connected } from '../src/settings.js';
import {
  TABLE,
  ZONE,
  byDay,
  modified,
  randomChain,
  relayAggregates,
  seeded,
  startDynalite,
  writeStore,
  type Dynalite,
} from './chain-fixture.js';

const STORES = ['north', 'south', 'east'];
const FROM = '2026-10-29';
const TO = '2026-11-03'; // across a month end and an ISO week end
let dynamo: Dynalite;
let connected: Connected;
let chain: Map<string, Bill[]>;

const now = () => new Date('2026-11-04T12:00:00Z');
const settings = () =>
  readSettings({ DYNAMODB_ENDPOINT: dynamo.endpoint, DYNAMODB_TABLE: TABLE, STORE_TIMEZONE: ZONE });

function relayReport(by: (typeof REPORT_DIMENSIONS)[number], stores = STORES) {
  const aggregates = stores.flatMap((store) => relayAggregates(chain.get(store)!));
  return buildReport(aggregates, { from: FROM, to: TO, by });
}

async function cloudReport(by: (typeof REPORT_DIMENSIONS)[number], stores = STORES) {
  let sources: ReportSources | undefined;
  const report = await chainReport(
    connected.table,
    { storeIds: stores, from: FROM, to: TO, by, timeZone: ZONE },
    { concurrency: 8, onSources: (found) => (sources = found) },
  );
  return { report, sources: sources! };
}

/** Stream records as DynamoDB Streams would deliver them for the bills' items. */
function streamRecords(store: string, bills: readonly Bill[]): StreamRecord[] {
  return relayAggregates(bills).flatMap(({ date }) => [
    {
      eventName: 'MODIFY',
      dynamodb: { Keys: { pk: { S: `SHIFT#${store}#${date}` }, sk: { S: 'BILL#any' } } },
    },
  ]);
}

beforeAll(async () => {
  dynamo = await startDynalite();
  connected = connect(settings());
  chain = randomChain(seeded(20261104), STORES, FROM, 6, 40);
  for (const store of STORES) await writeStore(dynamo.endpoint, store, chain.get(store)!);
});
afterAll(async () => {
  connected.close();
  await dynamo.close();
});

describe('chain report from DynamoDB', () => {
  it('equals the relay report for every dimension, read bill by bill', async () => {
    for (const by of REPORT_DIMENSIONS) {
      const { report, sources } = await cloudReport(by);
      expect(report.rows, by).toEqual(relayReport(by).rows);
      expect(report.totals, by).toEqual(relayReport(by).totals);
      expect(report).toMatchObject({ from: FROM, to: TO, by, storeIds: STORES });
      expect(sources.fromAggregates).toBe(0);
      expect(sources.invalidItems).toEqual([]);
    }
    expect(relayReport('day').totals.count).toBeGreaterThan(100);
  });

  it('answers from recomputed aggregates, with the same figures', async () => {
    for (const store of STORES)
      await markDirtyDays(connected.table, streamRecords(store, chain.get(store)!), now, 4);
    const result = await recomputeDirtyDays(connected.table, {
      timeZone: ZONE,
      now,
      concurrency: 4,
    });
    expect(result.recomputed.length).toBeGreaterThanOrEqual(STORES.length * 6);
    expect(await connected.table.listDirty()).toEqual([]);
    for (const by of REPORT_DIMENSIONS) {
      const { report, sources } = await cloudReport(by);
      expect({ rows: report.rows, totals: report.totals }, by).toEqual({
        rows: relayReport(by).rows,
        totals: relayReport(by).totals,
      });
      expect(sources.fromBills, by).toBe(0);
    }
  });

  it('reads a day from its bills again when a bill changed after its aggregate', async () => {
    const north = chain.get('north')!;
    const changed = modified(north[3]!);
    north[3] = changed;
    await writeStore(dynamo.endpoint, 'north', north); // the relay syncs the new version + SUMMARY
    const { report, sources } = await cloudReport('item');
    expect(report.rows).toEqual(relayReport('item').rows);
    expect(sources.fromBills).toBeGreaterThanOrEqual(1);
    // The stream marks the day, the recompute brings its aggregate up to date.
    await markDirtyDays(connected.table, streamRecords('north', [changed]), now, 4);
    const result = await recomputeDirtyDays(connected.table, {
      timeZone: ZONE,
      now,
      concurrency: 4,
    });
    expect(result.recomputed).toHaveLength(1);
    const after = await cloudReport('item');
    expect(after.report.rows).toEqual(relayReport('item').rows);
    expect(after.sources.fromBills).toBe(0);
  });

  it('recompute is idempotent: replayed stream records and a second run change nothing', async () => {
    const records = streamRecords('south', chain.get('south')!);
    await markDirtyDays(connected.table, [...records, ...records], now, 4);
    const first = await recomputeDirtyDays(connected.table, {
      timeZone: ZONE,
      now,
      concurrency: 2,
    });
    const before = await cloudReport('till');
    await markDirtyDays(connected.table, records, now, 4);
    await recomputeDirtyDays(connected.table, { timeZone: ZONE, now, concurrency: 2 });
    const second = await recomputeDirtyDays(connected.table, {
      timeZone: ZONE,
      now,
      concurrency: 2,
    });
    expect(first.recomputed.length).toBe(records.length);
    expect(second.recomputed).toEqual([]);
    expect((await cloudReport('till')).report).toEqual(before.report);
    expect(before.report.rows).toEqual(relayReport('till').rows);
  });

  it('hours asked in another zone than the aggregates were made in come from the bills', async () => {
    let sources: ReportSources | undefined;
    const report = await chainReport(
      connected.table,
      { storeIds: STORES, from: FROM, to: TO, by: 'hour', timeZone: 'Asia/Tokyo' },
      { concurrency: 4, onSources: (found) => (sources = found) },
    );
    // Business days stay the stores' (Bogotá); only the hours are Tokyo's.
    const tokyo = STORES.flatMap((store) =>
      [...byDay(chain.get(store)!)].map(([date, bills]) => aggregateDay(date, bills, 'Asia/Tokyo')),
    );
    expect(report.rows).toEqual(buildReport(tokyo, { from: FROM, to: TO, by: 'hour' }).rows);
    expect(report.rows).not.toEqual(relayReport('hour').rows);
    expect(sources?.fromAggregates).toBe(0);
  });

  it('a store with no data adds nothing', async () => {
    const { report } = await cloudReport('tender', ['north', 'nowhere']);
    expect(report.rows).toEqual(relayReport('tender', ['north']).rows);
  });
});

describe('stream handler', () => {
  it('marks only days whose bill items changed, each once', () => {
    const records: StreamRecord[] = [
      { dynamodb: { Keys: { pk: { S: 'SHIFT#north#2026-11-01' }, sk: { S: 'BILL#a' } } } },
      { dynamodb: { Keys: { pk: { S: 'SHIFT#north#2026-11-01' }, sk: { S: 'BILL#b' } } } },
      { dynamodb: { Keys: { pk: { S: 'SHIFT#north#2026-11-01' }, sk: { S: 'AGGREGATE' } } } },
      { dynamodb: { Keys: { pk: { S: 'SHIFT#north#2026-11-01' }, sk: { S: 'SUMMARY' } } } },
      { dynamodb: { Keys: { pk: { S: 'AGGREGATE#DIRTY' }, sk: { S: '2026-11-01#north' } } } },
      { dynamodb: { Keys: { pk: { S: 'SHIFT#south#2026-11-02' }, sk: { S: 'BILL#c' } } } },
      // A close, a cash move and a set-aside conflict change no report figure.
      { dynamodb: { Keys: { pk: { S: 'SHIFT#east#2026-11-03' }, sk: { S: 'Z' } } } },
      { dynamodb: { Keys: { pk: { S: 'SHIFT#east#2026-11-03' }, sk: { S: 'CASHMOVE#m1' } } } },
      { dynamodb: { Keys: { pk: { S: 'SHIFT#east#2026-11-03' }, sk: { S: 'CONFLICT#x#2#t' } } } },
      { dynamodb: {} },
    ];
    expect(dirtyDaysOf(records)).toEqual([
      { storeId: 'north', date: '2026-11-01' },
      { storeId: 'south', date: '2026-11-02' },
    ]);
  });
});

describe('Lambda handler', () => {
  it('answers an event with the report, from the environment settings', async () => {
    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    process.env.DYNAMODB_TABLE = TABLE;
    process.env.STORE_TIMEZONE = ZONE;
    const report = await handler({ storeIds: STORES, from: FROM, to: TO, by: 'month' });
    expect(report.rows).toEqual(relayReport('month').rows);
    expect(report.rows.map((row) => row.key)).toEqual(['2026-10', '2026-11']);
  });

  it('refuses a bad event with the field and a sentence, reading nothing', async () => {
    const cases: Array<[unknown, string]> = [
      [{ storeIds: [], from: FROM, to: TO, by: 'day' }, 'storeIds'],
      [{ storeIds: ['a#b'], from: FROM, to: TO, by: 'day' }, 'storeIds[0]'],
      [{ storeIds: ['a'], from: '2026-02-30', to: TO, by: 'day' }, 'from'],
      [{ storeIds: ['a'], from: TO, to: FROM, by: 'day' }, 'to'],
      [{ storeIds: ['a'], from: '2024-01-01', to: TO, by: 'day' }, 'to'],
      [{ storeIds: ['a'], from: FROM, to: TO, by: 'year' }, 'by'],
      [{ storeIds: ['a'], from: FROM, to: TO, by: 'day', timeZone: 'Mars/Base' }, 'timeZone'],
    ];
    for (const [event, field] of cases) {
      const error = await handler(event).catch((caught: unknown) => caught);
      expect(error, field).toBeInstanceOf(ReportInputError);
      expect((error as ReportInputError).toJSON().error).toMatchObject({
        code: 'invalid_request',
        field,
        message: expect.any(String),
      });
    }
  });
});
