// AWS Lambda entry points (dist/handler.js in the Lambda zip):
// - handler({storeIds, from, to, by, timeZone?}) → the relay's report over those stores;
// - streamHandler(DynamoDB Streams event) → marks the touched store-days dirty;
// - recomputeHandler() (scheduled) → rewrites the aggregate of every dirty day;
// - dailyHandler({storeIds, by?}) (scheduled) → posts yesterday's figures to REPORT_WEBHOOK_URL.
// Settings come from the environment (settings.ts); the DynamoDB client is kept between
// invocations of a warm container.
import { addDays, businessDay } from '@caja/models';
import { markDirtyDays, recomputeDirtyDays, type StreamRecord } from './aggregates.js';
import { chainReport, type ChainReport } from './chain-report.js';
import { parseReportRequest, ReportInputError } from './request.js';
import { connect, readSettings, type Connected, type ReporterSettings } from './settings.js';

let cached: { key: string; connected: Connected } | undefined;

function open(): { settings: ReporterSettings; connected: Connected } {
  const settings = readSettings(process.env);
  const key = JSON.stringify(settings);
  if (cached?.key !== key) {
    cached?.connected.close();
    cached = { key, connected: connect(settings) };
  }
  return { settings, connected: cached.connected };
}

export async function handler(event: unknown): Promise<ChainReport> {
  const { settings, connected } = open();
  const request = parseReportRequest(event, settings.timeZone);
  return chainReport(connected.table, request, {
    concurrency: settings.concurrency,
    onSources: (sources) => {
      for (const item of sources.invalidItems)
        console.warn(`left out ${item.storeId} ${item.date} ${item.id}: ${item.reason}`);
    },
  });
}

export async function streamHandler(event: { Records?: StreamRecord[] }) {
  const { settings, connected } = open();
  const days = await markDirtyDays(
    connected.table,
    event.Records ?? [],
    () => new Date(),
    settings.concurrency,
  );
  return { marked: days.length };
}

export async function recomputeHandler() {
  const { settings, connected } = open();
  const result = await recomputeDirtyDays(connected.table, {
    timeZone: settings.timeZone,
    now: () => new Date(),
    concurrency: settings.concurrency,
  });
  console.log(
    `recomputed ${result.recomputed.length} day aggregate(s); ${result.remarked.length} changed meanwhile and stay dirty`,
  );
  return { recomputed: result.recomputed.length, remarked: result.remarked.length };
}

/** Yesterday (in STORE_TIMEZONE) for the stores, POSTed as JSON to REPORT_WEBHOOK_URL. */
export async function dailyHandler(event: { storeIds?: unknown; by?: unknown }) {
  const { settings, connected } = open();
  if (!settings.webhookUrl)
    throw new ReportInputError(
      'REPORT_WEBHOOK_URL',
      'set REPORT_WEBHOOK_URL to post daily figures',
    );
  const date = addDays(businessDay(new Date(), settings.timeZone), -1);
  const request = parseReportRequest(
    { storeIds: event.storeIds, from: date, to: date, by: event.by ?? 'till' },
    settings.timeZone,
  );
  const report = await chainReport(connected.table, request, {
    concurrency: settings.concurrency,
  });
  const response = await fetch(settings.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ event: 'report.daily', date, report }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`the webhook answered ${response.status}`);
  return { date, total: report.totals.total, count: report.totals.count };
}
