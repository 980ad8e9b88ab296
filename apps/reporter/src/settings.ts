// The reporter's settings, from the environment (the Lambda's configuration or the shell).
import { isValidTimeZone } from '@caja/models';
import { ResilientCaller, abortableSleep, createDynamoClient } from '@caja/relay/dynamo';
import { DayTable } from './day-table.js';

export interface ReporterSettings {
  tableName: string;
  endpoint: string | undefined;
  region: string | undefined;
  /** Zone of `hour` rows and of recomputed aggregates: the stores' STORE_TIMEZONE. */
  timeZone: string;
  /** DynamoDB requests in flight. */
  concurrency: number;
  /** Where the daily handler posts yesterday's figures. */
  webhookUrl: string | undefined;
  useCredentialChain: boolean;
}

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

export function readSettings(env: Record<string, string | undefined>): ReporterSettings {
  const text = (name: string) => env[name]?.trim() || undefined;
  const timeZone = text('STORE_TIMEZONE') ?? 'UTC';
  if (!isValidTimeZone(timeZone))
    throw new SettingsError(`STORE_TIMEZONE must be an IANA zone; got ${JSON.stringify(timeZone)}`);
  const rawConcurrency = text('REPORT_CONCURRENCY') ?? '16';
  const concurrency = Number(rawConcurrency);
  if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 256)
    throw new SettingsError(`REPORT_CONCURRENCY must be 1 to 256; got ${rawConcurrency}`);
  const endpoint = text('DYNAMODB_ENDPOINT');
  return {
    tableName: text('DYNAMODB_TABLE') ?? 'daily_shifts',
    endpoint,
    region: text('AWS_REGION') ?? text('AWS_DEFAULT_REGION'),
    timeZone,
    concurrency,
    webhookUrl: text('REPORT_WEBHOOK_URL'),
    // A local endpoint (dynalite, DynamoDB Local) takes any key; AWS takes the SDK's chain
    // (in Lambda, the function role's keys in the environment).
    useCredentialChain: !endpoint || !!text('AWS_ACCESS_KEY_ID'),
  };
}

export interface Connected {
  table: DayTable;
  close(): void;
}

/** One client with the relay's settings (no SDK retries), under the relay's retries and breaker. */
export function connect(settings: ReporterSettings): Connected {
  const client = createDynamoClient({
    endpoint: settings.endpoint,
    region: settings.region,
    useCredentialChain: settings.useCredentialChain,
    requestTimeoutMs: 10_000,
  });
  const caller = new ResilientCaller(
    { baseMs: 100, capMs: 5_000, attempts: 6 },
    { consecutiveFailures: 20, cooldownMs: 10_000 },
    Math.random,
    abortableSleep,
  );
  return {
    table: new DayTable(client, settings.tableName, caller),
    close: () => client.destroy(),
  };
}
