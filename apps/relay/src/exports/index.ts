// S3 exports of closed days (see exporter.ts). serve.ts calls createExporter(); with no
// S3_EXPORT_BUCKET there is none.
import type { RelayConfig } from '../config.js';
import { hasAwsCredentials } from '../dynamo/credentials.js';
import type { Logger } from '../logging/logger.js';
import { abortableSleep } from '../sync/backoff.js';
import { ResilientCaller } from '../sync/resilience.js';
import { DayExporter, type ClosedDays, type ExportSource } from './exporter.js';
import { S3ObjectStore, type ObjectStore } from './object-store.js';

export { DayExporter, type ClosedDays, type ExportHealth } from './exporter.js';
export { dayBillsCsv, dayExportJson, exportKeys } from './day-export.js';

export async function createExporter(
  config: Pick<RelayConfig, 'exports' | 'sync' | 'storeId' | 'timeZone' | 'dataDir'>,
  deps: {
    source: ExportSource;
    closed: ClosedDays;
    now: () => Date;
    logger: Logger;
    /** For tests: another object store than S3. */
    objects?: ObjectStore;
  },
): Promise<DayExporter | undefined> {
  const { bucket, endpoint, region } = config.exports;
  if (!bucket) return undefined;
  const objects =
    deps.objects ??
    new S3ObjectStore({
      bucket,
      endpoint,
      region,
      useCredentialChain: !endpoint || hasAwsCredentials(config.sync.env),
      requestTimeoutMs: config.sync.requestTimeoutMs,
    });
  // The DynamoDB sync's retry and breaker settings: one policy for every cloud write.
  const caller = new ResilientCaller(
    config.sync.retry,
    config.sync.breaker,
    Math.random,
    abortableSleep,
    {
      // Keeps the cause: once the breaker opens, the error a run ends on says only that.
      onRetry: (error) => exporter.noteFailure(error.describe()),
      onBreakerChange: (state) =>
        deps.logger[state === 'open' ? 'error' : 'info'](`S3 export circuit ${state}`),
    },
  );
  const exporter = new DayExporter({
    storeId: config.storeId,
    bucket,
    timeZone: config.timeZone,
    objects,
    caller,
    source: deps.source,
    closed: deps.closed,
    dataDir: config.dataDir,
    now: deps.now,
    logger: deps.logger,
  });
  await exporter.load();
  deps.logger.info(
    `exporting closed days to S3 bucket ${bucket}${endpoint ? ` at ${endpoint}` : ''}`,
  );
  return exporter;
}
