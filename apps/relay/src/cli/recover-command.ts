// `node apps/relay/dist/main.js recover-from-dynamodb --from <date> --to <date>`: rebuilds the
// local store from DynamoDB (see sync/recover.ts).
import { datesBetween } from '@caja/models';
import { recoverFromDynamo } from '../sync/index.js';
import { parseOptions, UsageError } from './args.js';
import { loadEnvironmentOrExit } from './environment.js';
import { createLogger } from '../logging/logger.js';
import { isStorageError, openDurableBillStore } from '../storage/index.js';

export const RECOVER_HELP = `Usage: node apps/relay/dist/main.js recover-from-dynamodb --from <YYYY-MM-DD> --to <YYYY-MM-DD>

Reads every bill of the business days from..to (inclusive) of this STORE_ID back from the
DynamoDB table (DYNAMODB_TABLE at DYNAMODB_ENDPOINT, AWS, or the embedded store in DATA_DIR) and
writes them into DATA_DIR through the normal journal, so daily_shifts.json is rebuilt and
verifies. Bills already in DATA_DIR are kept (same version: nothing changes; newer: kept).
Stop the relay first: it holds DATA_DIR.`;

export async function recoverFromDynamoCommand(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { from: { type: 'string' }, to: { type: 'string' } });
  if (values.help) {
    console.log(RECOVER_HELP);
    return 0;
  }
  if (!values.from || !values.to)
    throw new UsageError('recover-from-dynamodb needs --from <YYYY-MM-DD> and --to <YYYY-MM-DD>');
  try {
    datesBetween(values.from, values.to);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { config } = loadEnvironmentOrExit();
  const logger = createLogger({ level: config.logLevel });
  let store;
  try {
    store = await openDurableBillStore({
      dataDir: config.dataDir,
      timeZone: config.timeZone,
      storeId: config.storeId,
      backupIntervalSeconds: 0,
      logger,
    });
  } catch (error) {
    if (isStorageError(error)) {
      console.error(`recover-from-dynamodb cannot open DATA_DIR: ${error.message}`);
      return 1;
    }
    throw error;
  }
  try {
    const result = await recoverFromDynamo({
      store,
      dataDir: config.dataDir,
      from: values.from,
      to: values.to,
      settings: config.sync,
      logger,
    });
    console.log(
      [
        `Recovered ${result.bills} bills over ${result.daysWithBills} of ${result.days} days into ${config.dataDir}`,
        `  ${result.created} new, ${result.updated} newer than the local copy, ${result.duplicates} already there`,
        ...result.skipped.map((s) => `  skipped ${s.date} ${s.id}: ${s.reason}`),
      ].join('\n'),
    );
    return result.skipped.length > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}
