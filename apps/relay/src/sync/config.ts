// The sync settings read from the relay's environment (CONTRACT.md "Relay environment" plus the
// SYNC_* knobs below). main.ts passes the result to createSync(); nothing else reads the env.
import type { Env } from '../dynamo/credentials.js';

export interface SyncEnvSettings {
  storeId: string;
  tableName: string;
  endpoint: string | undefined;
  region: string | undefined;
  timeToSyncSeconds: number;
  alertWebhookUrl: string | undefined;
  retry: { baseMs: number; capMs: number; attempts: number };
  breaker: { consecutiveFailures: number; cooldownMs: number };
  batchSize: number;
  concurrency: number;
  requestTimeoutMs: number;
  checkIntervalSeconds: number;
  /** For the credential check (hasAwsCredentials). */
  env: Env;
}

/** Defaults, documented in the sync README section of the report and in .env.example. */
export const SYNC_DEFAULTS = {
  STORE_ID: 'store-1',
  DYNAMODB_TABLE: 'daily_shifts',
  TIME_TO_SYNC: 30,
  SYNC_RETRY_BASE_MS: 200,
  SYNC_RETRY_CAP_MS: 10_000,
  SYNC_RETRY_ATTEMPTS: 5,
  SYNC_BREAKER_FAILURES: 5,
  SYNC_BREAKER_COOLDOWN_MS: 30_000,
  SYNC_BATCH_SIZE: 200,
  SYNC_CONCURRENCY: 8,
  SYNC_REQUEST_TIMEOUT_MS: 5000,
  SYNC_CHECK_SECONDS: 600,
} as const;

export class SyncConfigError extends Error {
  override readonly name = 'SyncConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

export function readSyncEnv(env: Env): SyncEnvSettings {
  const int = (name: keyof typeof SYNC_DEFAULTS, min: number): number => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return SYNC_DEFAULTS[name] as number;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < min)
      throw new SyncConfigError(name, `${name} must be a whole number ≥ ${min}, got "${raw}"`);
    return value;
  };
  const text = (name: string) => (env[name]?.trim() ? env[name]?.trim() : undefined);
  return {
    storeId: text('STORE_ID') ?? SYNC_DEFAULTS.STORE_ID,
    tableName: text('DYNAMODB_TABLE') ?? SYNC_DEFAULTS.DYNAMODB_TABLE,
    endpoint: text('DYNAMODB_ENDPOINT'),
    region: text('AWS_REGION') ?? text('AWS_DEFAULT_REGION'),
    timeToSyncSeconds: int('TIME_TO_SYNC', 0),
    alertWebhookUrl: text('ALERT_WEBHOOK_URL'),
    retry: {
      baseMs: int('SYNC_RETRY_BASE_MS', 1),
      capMs: int('SYNC_RETRY_CAP_MS', 1),
      attempts: int('SYNC_RETRY_ATTEMPTS', 1),
    },
    breaker: {
      consecutiveFailures: int('SYNC_BREAKER_FAILURES', 1),
      cooldownMs: int('SYNC_BREAKER_COOLDOWN_MS', 1),
    },
    batchSize: int('SYNC_BATCH_SIZE', 1),
    concurrency: int('SYNC_CONCURRENCY', 1),
    requestTimeoutMs: int('SYNC_REQUEST_TIMEOUT_MS', 100),
    checkIntervalSeconds: int('SYNC_CHECK_SECONDS', 1),
    env,
  };
}
