// AWS Lambda entry points (dist/handler.js in the Lambda zip):
// - handler({storeIds, from, to, by, timeZone?}) → the relay's report over those stores;
// - streamHandler(DynamoDB Streams event) → marks the touched store-days dirty;
// - recomputeHandler() (scheduled) → rewrites the aggregate of every dirty day;
// - dailyHandler({storeIds, by?}) (scheduled) → posts yesterday's figures to REPORT_WEBHOOK_URL.
// Settings come from the environment (settings.ts); the DynamoDB client is kept between
// invocations of a warm container.
import { markDirtyDays, recomputeDirtyDays, type StreamRecord } from './aggregates.js';
import { chainReport, type ChainReport } from './chain-report.js';
import { postDailyReport, type DailyEvent } from './daily.js';
import { parseReportRequest } from './request.js';
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
export async function dailyHandler(event: DailyEvent) {
  const { settings, connected } = open();
  return postDailyReport(connected.table, settings, event, () => new Date());
}
