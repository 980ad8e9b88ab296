// The daily schedule's work: yesterday's figures (in STORE_TIMEZONE) for the stores, POSTed as
// JSON `{event: "report.daily", date, report}` to REPORT_WEBHOOK_URL. The clock is a parameter.
import { addDays, businessDay } from '@caja/models';
import { chainReport } from './chain-report.js';
import type { DayTable } from './day-table.js';
import { parseReportRequest, ReportInputError } from './request.js';
import type { ReporterSettings } from './settings.js';

export interface DailyEvent {
  storeIds?: unknown;
  /** Rows of the posted report; default `till`. */
  by?: unknown;
}

export async function postDailyReport(
  table: DayTable,
  settings: Pick<ReporterSettings, 'webhookUrl' | 'timeZone' | 'concurrency'>,
  event: DailyEvent,
  now: () => Date,
): Promise<{ date: string; total: number; count: number }> {
  if (!settings.webhookUrl)
    throw new ReportInputError(
      'REPORT_WEBHOOK_URL',
      'set REPORT_WEBHOOK_URL to post daily figures',
    );
  const date = addDays(businessDay(now(), settings.timeZone), -1);
  const request = parseReportRequest(
    { storeIds: event.storeIds, from: date, to: date, by: event.by ?? 'till' },
    settings.timeZone,
  );
  const report = await chainReport(table, request, { concurrency: settings.concurrency });
  const response = await fetch(settings.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ event: 'report.daily', date, report }),
    signal: AbortSignal.timeout(10_000),
  });
  // The schedule retries a failed invocation: an error, not a quiet return.
  if (!response.ok)
    throw new Error(`the webhook at ${settings.webhookUrl} answered ${response.status}`);
  return { date, total: report.totals.total, count: report.totals.count };
}
