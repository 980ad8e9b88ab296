// `node apps/reporter/dist/cli.js --stores s1,s2 --from YYYY-MM-DD --to YYYY-MM-DD --by day [--csv]`:
// the same report as the Lambda handler, printed as JSON (or CSV). `--recompute` rewrites the
// aggregates of the days marked dirty (what the scheduled recompute does), for backfills.
import { parseArgs } from 'node:util';
import { reportCsv } from '@caja/models';
import { recomputeDirtyDays } from './aggregates.js';
import { chainReport } from './chain-report.js';
import { parseReportRequest, ReportInputError } from './request.js';
import { connect, readSettings, SettingsError } from './settings.js';

const HELP = `Usage: caja-report --stores <id,id,...> --from <YYYY-MM-DD> --to <YYYY-MM-DD> --by <day|week|month|till|tender|hour|item> [--csv] [--time-zone <zone>]
       caja-report --recompute

Reads DYNAMODB_TABLE (default daily_shifts) at DYNAMODB_ENDPOINT or AWS (the SDK's credential
chain). STORE_TIMEZONE (default UTC) is the zone of hour rows and of recomputed aggregates.`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      stores: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      by: { type: 'string' },
      csv: { type: 'boolean' },
      'time-zone': { type: 'string' },
      recompute: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const settings = readSettings(process.env);
  if (values.recompute) {
    const connected = connect(settings);
    try {
      const result = await recomputeDirtyDays(connected.table, {
        timeZone: settings.timeZone,
        now: () => new Date(),
        concurrency: settings.concurrency,
      });
      console.log(`recomputed ${result.recomputed.length} day aggregate(s)`);
      return 0;
    } finally {
      connected.close();
    }
  }
  const request = parseReportRequest(
    {
      storeIds: values.stores?.split(',').map((id) => id.trim()),
      from: values.from,
      to: values.to,
      by: values.by,
      ...(values['time-zone'] ? { timeZone: values['time-zone'] } : {}),
    },
    settings.timeZone,
  );
  const connected = connect(settings);
  try {
    const report = await chainReport(connected.table, request, {
      concurrency: settings.concurrency,
      onSources: (sources) => {
        for (const item of sources.invalidItems)
          console.error(`left out ${item.storeId} ${item.date} ${item.id}: ${item.reason}`);
      },
    });
    process.stdout.write(values.csv ? reportCsv(report) : `${JSON.stringify(report, null, 2)}\n`);
    return 0;
  } finally {
    connected.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error & { code?: string }) => {
    const usage =
      error instanceof ReportInputError ||
      error instanceof SettingsError ||
      !!error.code?.startsWith('ERR_PARSE_ARGS');
    if (!usage) {
      console.error(error.stack);
      process.exit(1);
    }
    const field = error instanceof ReportInputError && error.field ? ` (${error.field})` : '';
    console.error(`caja-report: ${error.message}${field}\n\n${HELP}`);
    process.exit(2);
  },
);
