// A relay that rebuilds itself: started on an empty DATA_DIR (its disk was lost or replaced) while
// DynamoDB holds days of its STORE_ID, it restores them before it accepts bills, so the tills'
// numbering, the day totals and the reports carry on where they were. What it restores:
// - the retention window (today and the LOCAL_RETENTION_DAYS before it): what the lost relay
//   still held locally;
// - every older day within RECOVER_LOOKBACK_DAYS that was never confirmed, i.e. has bill items
//   but no SUMMARY (the lost relay writes a day's SUMMARY once all its bills are in DynamoDB, and
//   only then could its cleanup have dropped the day).
// - the ledger: every Z and cash move of the lookback (GET /days/{date}/z answers), and the
//   store's newest Z however old (its LASTZ item), so the next Z number and the grand total follow
//   the last ones; and each till's highest number (the numbers below the
//   first restored bill of a till, or up to a Z's last number, were received by the lost relay:
//   journaled as accounted for, not as missing).
// The tills then upload whatever they hold that the relay lacks (their outbox), as after any
// outage. RECOVER_ON_EMPTY=false turns this off.
import {
  addDays,
  businessDay,
  datesBetween,
  type Bill,
  type CashMove,
  type ZReport,
} from '@caja/models';
import type { BillStore } from '../storage/index.js';

import { abortableSleep } from './backoff.js';
import type { Logger } from '../logging/logger.js';
import type { BillTable } from './ports.js';
import { recoverFromDynamo, type RecoverOptions, type RecoverResult } from './recover.js';
import { ResilientCaller } from './resilience.js';
import { chooseTarget, connectTarget } from './target.js';

export interface RebuildOptions {
  store: RecoverOptions['store'] & Pick<BillStore, 'appendLedger'> & { readonly lsn: number };
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
  zs: number;
  cashMoves: number;
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
      putMany: async (bills: Bill[]) => {
        // Days come oldest first: a till's first restored bills start its numbering.
        const lowest = new Map<string, number>();
        for (const bill of bills) {
          if (bill.number === undefined || highestNumbers.has(bill.tillId)) continue;
          lowest.set(bill.tillId, Math.min(lowest.get(bill.tillId) ?? bill.number, bill.number));
        }
        await accountFor(
          options.store,
          [...lowest].map(([tillId, n]) => [tillId, n - 1]),
        );
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
    const ledger = await restoreLedger(table, options, highestNumbers);
    return { ...result, dates, highestNumbers, ...ledger };
  } finally {
    await connected?.close();
  }
}

/** Journals that each till's numbers up to `number` are accounted for (numbers >= 1 only). */
async function accountFor(
  store: Pick<BillStore, 'appendLedger'>,
  tills: [string, number][],
): Promise<void> {
  const known = tills.filter(([, number]) => number >= 1);
  if (known.length === 0) return;
  await store.appendLedger(() => ({
    type: 'numbers',
    tills: known.map(([tillId, number]) => ({ tillId, number })),
  }));
}

/**
 * Every Z and cash move of the lookback, journaled as they were (their ids, times and chain
 * heads), each day's moves before its Z; then the tills' numbers up to their Zs' last numbers.
 */
async function restoreLedger(
  table: BillTable,
  options: RebuildOptions,
  highestNumbers: Map<string, number>,
): Promise<{ zs: number; cashMoves: number }> {
  const today = businessDay(options.now(), options.timeZone);
  const dates = datesBetween(
    addDays(today, -Math.max(options.lookbackDays, options.retentionDays)),
    today,
  );
  const caller = new ResilientCaller(
    options.settings.retry,
    { consecutiveFailures: Number.MAX_SAFE_INTEGER, cooldownMs: 1 },
    Math.random,
    abortableSleep,
  );
  const found = new Map<string, { z?: ZReport; moves: CashMove[] }>();
  let next = 0;
  const worker = async () => {
    while (next < dates.length) {
      const date = dates[next++]!;
      const day = await caller.call(() => table.readDayLedger(date));
      if (day.z || day.moves.length > 0)
        found.set(date, { z: day.z?.value, moves: day.moves.map((move) => move.value) });
    }
  };
  await Promise.all(Array.from({ length: SUMMARY_READS_IN_FLIGHT }, worker));
  // The newest Z may be older than the lookback (a shop that has not closed a day for months):
  // restored too, so Z numbers and the grand total continue from it instead of starting again.
  const last = (await caller.call(() => table.readLastZ()))?.value;
  if (last && !found.get(last.date)?.z) {
    const newestFound = Math.max(0, ...[...found.values()].map((day) => day.z?.zNumber ?? 0));
    if (last.zNumber > newestFound)
      found.set(last.date, { z: last, moves: found.get(last.date)?.moves ?? [] });
  }
  let zs = 0;
  let cashMoves = 0;
  const zNumbers = new Map<string, number>();
  for (const date of [...found.keys()].sort()) {
    const { z, moves } = found.get(date)!;
    for (const move of moves) {
      await options.store.appendLedger(() => ({ type: 'cash_move', move }));
      cashMoves += 1;
    }
    if (!z) continue;
    await options.store.appendLedger(() => ({ type: 'close', z }));
    zs += 1;
    for (const [tillId, till] of Object.entries(z.tills)) {
      if (till.lastNumber !== null && till.lastNumber > (zNumbers.get(tillId) ?? 0))
        zNumbers.set(tillId, till.lastNumber);
    }
  }
  const beyond = [...zNumbers].filter(([tillId, n]) => n > (highestNumbers.get(tillId) ?? 0));
  await accountFor(options.store, beyond);
  for (const [tillId, number] of beyond) highestNumbers.set(tillId, number);
  return { zs, cashMoves };
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
