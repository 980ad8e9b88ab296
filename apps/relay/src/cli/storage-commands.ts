// `verify` and `restore`: the storage engine's checks and point-in-time restore from the CLI.
import { resolve } from 'node:path';
import { formatVerifyReport, isStorageError, restoreAt, verifyDataDir } from '../storage/index.js';
import type { RelayConfig } from '../config.js';
import { createLogger } from '../logging/logger.js';
import {
  cloudChainMarks,
  compareChain,
  daysBack,
  formatChainComparison,
} from '../sync/chain-check.js';
import { SegmentJournalReader } from '../sync/storage-journal.js';
import { connectTarget } from '../sync/target.js';
import { parseOptions, UsageError } from './args.js';
import { loadEnvironmentOrExit } from './environment.js';

export const VERIFY_HELP = `Usage: node apps/relay/dist/main.js verify [--cloud]

Checks daily_shifts.json (checksum, totals), the journal in DATA_DIR and the snapshot copies in
BACKUP_DIRS, changing nothing. Exit 0 when sound, 1 when a problem was found (the report says
which file and whether the relay can still rebuild every bill). Safe while the relay runs.

--cloud  also compares the journal's hash chain with the chain heads DynamoDB holds (the SUMMARY
         and Z items of the last RECOVER_LOOKBACK_DAYS days): a local history rewritten after it
         left the shop is a mismatch (exit 1). With the embedded store, stop the relay first.`;

export const RESTORE_HELP = `Usage: node apps/relay/dist/main.js restore --at <ISO-8601 instant> --out <new folder>

Rebuilds the store as it was at the given instant (e.g. 2026-11-27T18:00:00-05:00) from the
newest snapshot or backup before it plus the journal, into daily_shifts.json in a new folder.
DATA_DIR is only read. Start a relay with DATA_DIR=<that folder> to use the result.`;

export async function verifyCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { cloud: { type: 'boolean' } });
  if (values.help) {
    console.log(VERIFY_HELP);
    return 0;
  }
  const { config } = loadEnvironmentOrExit();
  const report = await verifyDataDir({
    dataDir: config.dataDir,
    backupDirs: config.backups.dirs,
    storeId: config.storeId,
  });
  console.log(formatVerifyReport(report));
  if (!values.cloud) return report.ok ? 0 : 1;
  const cloudOk = await verifyAgainstCloud(config, report.journal.lastLsn ?? 0);
  return report.ok && cloudOk ? 0 : 1;
}

/** `verify --cloud`: the journal's chain against DynamoDB's SUMMARY and Z chain heads. */
async function verifyAgainstCloud(config: RelayConfig, lastLsn: number): Promise<boolean> {
  const logger = createLogger({ level: 'warn' });
  let connected;
  try {
    connected = await connectTarget({ ...config.sync, dataDir: config.dataDir, logger });
    const dates = daysBack(new Date(), config.timeZone, config.recovery.lookbackDays);
    const marks = await cloudChainMarks(connected.table, dates);
    const journal = new SegmentJournalReader(config.dataDir, () => lastLsn);
    const comparison = await compareChain(marks, journal);
    console.log(formatChainComparison(comparison));
    return comparison.mismatches.length === 0;
  } catch (error) {
    console.error(`Could not compare with DynamoDB: ${(error as Error).message}`);
    return false;
  } finally {
    await connected?.close();
  }
}

export async function restoreCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { at: { type: 'string' }, out: { type: 'string' } });
  if (values.help) {
    console.log(RESTORE_HELP);
    return 0;
  }
  if (!values.at || !values.out)
    throw new UsageError('restore needs --at <ISO instant> and --out <folder>');
  // The same rule as a bill's createdAt: an instant without a zone is ambiguous.
  const at = new Date(values.at);
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(values.at) || Number.isNaN(at.getTime())) {
    throw new UsageError(
      `--at must be an ISO-8601 instant with a zone, like 2026-11-27T18:00:00Z; got ${values.at}`,
    );
  }
  const { config } = loadEnvironmentOrExit();
  try {
    const result = await restoreAt({
      dataDir: config.dataDir,
      backupDirs: config.backups.dirs,
      storeId: config.storeId,
      timeZone: config.timeZone,
      at,
      outDir: resolve(values.out),
    });
    console.log(
      [
        `Restored the store as of ${at.toISOString()} into ${result.path}`,
        `  ${result.billCount} bills over ${result.dayCount} days, through journal record ${result.lsn}`,
        `  base: ${result.base.kind}${result.base.path ? ` ${result.base.path}` : ''} (LSN ${result.base.lsn}), ` +
          `${result.replayedRecords} journal records applied on top`,
        `To use it: DATA_DIR=${resolve(values.out)} node apps/relay/dist/main.js`,
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (isStorageError(error)) {
      console.error(`restore failed: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
