// recover-from-dynamodb: rebuilds the local store from the table when DATA_DIR was lost. Each day
// from..to is read back (Query, all pages), every item is checked like a bill from a till, and
// the bills go through the storage engine's own write path (putMany: journal, then snapshot), so
// the result verifies like any other data. Run it with the relay stopped.
import { datesBetween, parseBill, type Bill } from '@caja/models';
import type { BillStore } from '../storage/index.js';
import { abortableSleep } from './backoff.js';
import type { SyncSettings } from '../config.js';
import type { Logger } from '../logging/logger.js';
import type { BillTable } from './ports.js';
import { ResilientCaller } from './resilience.js';
import { loadState, saveState, stateFilePath } from './state-file.js';
import { connectTarget } from './target.js';

export interface RecoverOptions {
  /** The storage engine opened on dataDir; the caller closes it (which writes the snapshot). */
  store: Pick<BillStore, 'putMany' | 'shifts'>;
  dataDir: string;
  /** First and last business day to recover, YYYY-MM-DD, inclusive... */
  from?: string;
  to?: string;
  /** ...or exactly these days. */
  dates?: readonly string[];
  settings: Pick<
    SyncSettings,
    'storeId' | 'tableName' | 'endpoint' | 'region' | 'env' | 'requestTimeoutMs' | 'retry'
  >;
  logger: Logger;
  /** For tests: read from this table instead of connecting. */
  table?: BillTable;
}

export interface RecoverResult {
  days: number;
  /** Days that had at least one bill in DynamoDB. */
  daysWithBills: number;
  bills: number;
  created: number;
  updated: number;
  duplicates: number;
  /** Items that are not valid bills, or that conflict with a bill already stored locally. */
  skipped: Array<{ date: string; id: string; reason: string }>;
}

const PUT_CHUNK = 500;
/** Days read from DynamoDB ahead of the one being written: reads overlap the local writes. */
const READ_AHEAD = 8;

export async function recoverFromDynamo(options: RecoverOptions): Promise<RecoverResult> {
  const dates = options.dates ?? datesBetween(options.from ?? '', options.to ?? '');
  const { logger, settings } = options;
  const connected = options.table
    ? undefined
    : await connectTarget({ ...settings, dataDir: options.dataDir, logger });
  const table = options.table ?? connected!.table;
  // Retries as in sync; a breaker that never opens: recovery is attended, it should just persist.
  const caller = new ResilientCaller(
    settings.retry,
    { consecutiveFailures: Number.MAX_SAFE_INTEGER, cooldownMs: 1 },
    Math.random,
    abortableSleep,
  );
  const wasEmpty = options.store.shifts('0000-01-01', '9999-12-31').length === 0;
  const result: RecoverResult = {
    days: dates.length,
    daysWithBills: 0,
    bills: 0,
    created: 0,
    updated: 0,
    duplicates: 0,
    skipped: [],
  };
  let maxLsn = 0;
  try {
    const reads: Array<Promise<Bill[]>> = [];
    const read = (index: number) => {
      if (index >= dates.length || reads[index]) return;
      reads[index] = caller.call(() => table.queryDay(dates[index]!));
      // Awaited in order below; until then a failure must not count as unhandled.
      reads[index].catch(() => undefined);
    };
    for (const [index, date] of dates.entries()) {
      for (let ahead = index; ahead < index + READ_AHEAD; ahead += 1) read(ahead);
      const items = await reads[index]!;
      delete reads[index];
      const bills: Bill[] = [];
      for (const item of items) {
        const parsed = parseBill(item);
        if (parsed.ok) bills.push(parsed.value);
        else {
          const reason = parsed.issues.map((issue) => issue.message).join('; ');
          result.skipped.push({ date, id: String(item.id), reason });
        }
      }
      if (bills.length > 0) result.daysWithBills += 1;
      for (let start = 0; start < bills.length; start += PUT_CHUNK) {
        const chunk = bills.slice(start, start + PUT_CHUNK);
        const outcomes = await options.store.putMany(chunk);
        outcomes.forEach((outcome, index) => {
          if (outcome.ok) {
            result.bills += 1;
            if (outcome.outcome === 'created') result.created += 1;
            else if (outcome.outcome === 'updated') result.updated += 1;
            else result.duplicates += 1;
            maxLsn = Math.max(maxLsn, outcome.lsn);
          } else {
            const id = chunk[index]?.id ?? '?';
            const reason = `the local store holds version ${outcome.stored.version} with other content`;
            result.skipped.push({ date, id, reason });
          }
        });
      }
      logger.info(`recovered ${date}: ${bills.length} bill(s)`);
    }
  } finally {
    await connected?.close();
  }
  if (wasEmpty && maxLsn > 0) {
    // Everything in the rebuilt journal came from DynamoDB: start syncing after it, not from 0.
    const path = stateFilePath(options.dataDir);
    const state = await loadState(path, logger);
    await saveState(path, { ...state, confirmedLsn: maxLsn, dirtyDays: [], deadLetters: [] });
  }
  return result;
}
