// A relay that rebuilds itself: started on an empty DATA_DIR (its disk was lost or replaced) while
// DynamoDB holds days of its STORE_ID, it restores them before it accepts bills, so the tills'
// numbering, the day totals and the reports carry on where they were. What it restores:
// - the retention window (today and the LOCAL_RETENTION_DAYS before it): what the lost relay
//   still held locally;
// - every older day within RECOVER_LOOKBACK_DAYS that was never confirmed, i.e. has bill items
//   but no SUMMARY (the lost relay writes a day's SUMMARY once all its bills are in DynamoDB, and
//   only then could its cleanup have dropped the day).
// The tills then upload whatever they hold that the relay lacks (their outbox), as after any
// outage. RECOVER_ON_EMPTY=false turns this off.
import { addDays, businessDay, type Bill } from '@caja/models';

import { abortableSleep } from './backoff.js';
import { datesBetween } from './dates.js';
import type { Logger } from '../logging/logger.js';
import type { BillTable } from './ports.js';
import { recoverFromDynamo, type RecoverOptions, type RecoverResult } from './recover.js';
import { ResilientCaller } from './resilience.js';
import { chooseTarget, connectTarget } from './target.js';

export interface RebuildOptions {
  store: RecoverOptions['store'] & { readonly lsn: number };
  dataDir: string;
  timeZone: string;
  retentionDays: number;
  lookbackDays: number;
  settings: RecoverOptions['settings'];
  logger: Logger;
  now: () => Date;
  /** For tests: read from this table instead of connecting. */
  table?: BillTable;
}

export interface RebuildResult extends RecoverResult {
  dates: string[];
  /** Highest bill number restored per till: the till's next bill continues after it. */
  highestNumbers: Map<string, number>;
}

const SUMMARY_READS_IN_FLIGHT = 8;

/** Restores from DynamoDB when the store is empty; undefined when there was nothing to do. */
export async function rebuildOnEmpty(options: RebuildOptions): Promise<RebuildResult | undefined> {
  const { logger, settings } = options;
  if (options.store.lsn > 0 || options.store.shifts('0000-01-01', '9999-12-31').length > 0)
    return undefined;
  if (!options.table && chooseTarget(settings.endpoint, settings.env) === 'embedded') {
    // The embedded store keeps its data in DATA_DIR: an empty DATA_DIR has nothing to give back.
    return undefined;
  }
  const connected = options.table
    ? undefined
    : await connectTarget({ ...settings, dataDir: options.dataDir, logger });
  const table = options.table ?? connected!.table;
  try {
    const dates = await datesToRestore(table, options);
    if (dates.length === 0) return undefined;
    const highestNumbers = new Map<string, number>();
    const counting: RecoverOptions['store'] = {
      shifts: (from, to) => options.store.shifts(from, to),
      putMany: (bills: Bill[]) => {
        for (const bill of bills) {
          if (bill.number === undefined) continue;
          highestNumbers.set(
            bill.tillId,
            Math.max(highestNumbers.get(bill.tillId) ?? 0, bill.number),
          );
        }
        return options.store.putMany(bills);
      },
    };
    const result = await recoverFromDynamo({
      store: counting,
      dataDir: options.dataDir,
      dates,
      settings,
      // One line per day is noise at start-up; the caller logs the whole restore once.
      logger: {
        ...logger,
        info: () => undefined,
      },
      table,
    });
    return { ...result, dates, highestNumbers };
  } finally {
    await connected?.close();
  }
}

/** The window, plus older days of the lookback that hold bills but no SUMMARY. */
async function datesToRestore(table: BillTable, options: RebuildOptions): Promise<string[]> {
  const today = businessDay(options.now(), options.timeZone);
  const windowStart = addDays(today, -options.retentionDays);
  const window = datesBetween(windowStart, today);
  if (options.lookbackDays <= options.retentionDays) return window;
  const older = datesBetween(addDays(today, -options.lookbackDays), addDays(windowStart, -1));
  const caller = new ResilientCaller(
    options.settings.retry,
    { consecutiveFailures: Number.MAX_SAFE_INTEGER, cooldownMs: 1 },
    Math.random,
    abortableSleep,
  );
  const unconfirmed: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < older.length) {
      const date = older[next++]!;
      if (await caller.call(() => table.getSummary(date))) continue;
      if ((await caller.call(() => table.queryDay(date))).length > 0) unconfirmed.push(date);
    }
  };
  await Promise.all(Array.from({ length: SUMMARY_READS_IN_FLIGHT }, worker));
  return [...unconfirmed.sort(), ...window];
}
