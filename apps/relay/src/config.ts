// The relay's configuration: one zod schema over every variable it reads (the environment with
// `.env` under it), validated once at start-up, every problem listed at once. Each part of the
// relay receives its own typed slice (http, storage, backups, cleanup, sync, shop). Bad configuration is
// a message and exit code 2 (cli/environment.ts), never a relay that half works.
//
// Adding a setting: one entry in `variables` (name, default, check), one line in `toConfig`
// placing it in its slice, and a line in .env.example (a test checks the example mentions it).
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import {
  DEFAULT_TYPED_AMOUNT_NAME,
  isValidTimeZone,
  unsafeTextBreach,
  type ShopSettings,
} from '@caja/models';
import { z } from 'zod';
import { DATA_DIR_DEFAULT, dataDirOf, type Env } from './config-source.js';
import { LOG_LEVELS, type LogLevel } from './logging/logger.js';

/** Tokens shorter than this are guessable; they guard every bill of the shop. */
export const MIN_TOKEN_LENGTH = 16;
/** A password a person types on a phone: spaces allowed, but not one a neighbour guesses. */
export const MIN_OWNER_PASSWORD_LENGTH = 10;

export interface TlsFiles {
  certFile: string;
  keyFile: string;
  cert: Buffer;
  key: Buffer;
}

/** What the HTTP server and its API need. */
export interface HttpConfig {
  port: number;
  host: string;
  tls: TlsFiles | undefined;
  relayToken: string | undefined;
  adminToken: string | undefined;
  /** Opens the back office (owner sessions); ADMIN_TOKEN does when unset. */
  ownerPassword: string | undefined;
  /** Requests per minute per token; 0 disables the limit (benchmarks). */
  rateLimitPerMinute: number;
  /** Pairing and owner sign-in attempts per minute per client address (against guessing codes). */
  pairAttemptsPerMinute: number;
}

/** Verified snapshot copies to other disks. */
export interface BackupConfig {
  dirs: string[];
  intervalSeconds: number;
  keep: number;
}

/** The storage engine's own settings (the journal). */
export interface StorageConfig {
  /** Each journal record carries the SHA-256 of the one before (JOURNAL_HASH_CHAIN). */
  hashChain: boolean;
}

/** Local cleanup of days confirmed in DynamoDB. */
export interface CleanupConfig {
  intervalSeconds: number;
  retentionDays: number;
}

/** The DynamoDB sync's settings. */
export interface SyncSettings {
  storeId: string;
  tableName: string;
  endpoint: string | undefined;
  region: string | undefined;
  /** 0 turns the sync off (bills stay in DATA_DIR; health says "disabled"). */
  timeToSyncSeconds: number;
  alertWebhookUrl: string | undefined;
  retry: { baseMs: number; capMs: number; attempts: number };
  breaker: { consecutiveFailures: number; cooldownMs: number };
  batchSize: number;
  concurrency: number;
  requestTimeoutMs: number;
  checkIntervalSeconds: number;
  /** The merged environment, for the AWS credential check (hasAwsCredentials). */
  env: Env;
}

/** Rebuilding an empty DATA_DIR from DynamoDB at start-up (sync/rebuild-on-empty.ts). */
export interface RecoveryConfig {
  onEmpty: boolean;
  /** Days back, beyond the retention window, searched for days never confirmed. */
  lookbackDays: number;
}

/** Closed days exported to S3 (exports/). No bucket: no export. */
export interface ExportConfig {
  bucket: string | undefined;
  /** An S3-compatible endpoint (path-style addressing); AWS when absent. */
  endpoint: string | undefined;
  region: string | undefined;
  /** Seconds between export runs. */
  intervalSeconds: number;
}

export interface RelayConfig {
  /** Absolute. */
  dataDir: string;
  storeId: string;
  timeZone: string;
  logLevel: LogLevel;
  http: HttpConfig;
  storage: StorageConfig;
  backups: BackupConfig;
  cleanup: CleanupConfig;
  sync: SyncSettings;
  recovery: RecoveryConfig;
  exports: ExportConfig;
  shop: ShopSettings;
}

export type ConfigResult = { ok: true; config: RelayConfig } | { ok: false; errors: string[] };

export function hostTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

// ---- one check per kind of value; each names its variable in its message -----------------

/** Unset and blank are the same: the default applies. */
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

function text(fallback: string) {
  return optionalText.transform((value) => value ?? fallback);
}

/** Text printed on every receipt: no control or text-direction characters (they could lie). */
function receiptText(name: string) {
  return text('').superRefine((value, ctx) => {
    const breach = unsafeTextBreach(value);
    if (breach) ctx.addIssue({ code: 'custom', message: `${name} ${breach.reason}` });
  });
}

function integer(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) {
  return optionalText.transform((raw, ctx) => {
    if (raw === undefined) return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (Number.isSafeInteger(value) && value >= min && value <= max) return value;
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `${min} to ${max}`;
    ctx.addIssue({
      code: 'custom',
      message: `${name} must be a whole number, ${range}; got ${JSON.stringify(raw)}`,
    });
    return z.NEVER;
  });
}

function matching(name: string, fallback: string, pattern: RegExp, rule: string) {
  return text(fallback).refine((value) => pattern.test(value), {
    error: (issue) => `${name} must be ${rule}; got ${JSON.stringify(issue.input)}`,
  });
}

function url(name: string) {
  return optionalText.refine(
    (raw) => raw === undefined || (/^https?:\/\//.test(raw) && URL.canParse(raw)),
    {
      error: (issue) =>
        `${name} must be an http:// or https:// URL; got ${JSON.stringify(issue.input)}`,
    },
  );
}

function token(name: string) {
  return optionalText
    .refine((raw) => raw === undefined || raw.length >= MIN_TOKEN_LENGTH, {
      error: `${name} must be at least ${MIN_TOKEN_LENGTH} characters (it guards the API)`,
    })
    .refine((raw) => raw === undefined || !/\s/.test(raw), {
      error: `${name} must not contain spaces`,
    });
}

function flag(name: string, fallback: boolean) {
  return optionalText.transform((raw, ctx) => {
    if (raw === undefined) return fallback;
    if (/^(true|1|yes|on)$/i.test(raw)) return true;
    if (/^(false|0|no|off)$/i.test(raw)) return false;
    ctx.addIssue({
      code: 'custom',
      message: `${name} must be true or false; got ${JSON.stringify(raw)}`,
    });
    return z.NEVER;
  });
}

/** Every variable the relay reads, with its default and its check. */
export const variables = {
  PORT: integer('PORT', 8080, 0, 65535),
  HOST: text('0.0.0.0').refine(
    (host) => isIP(host) !== 0 || /^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/.test(host),
    {
      error: (issue) =>
        `HOST must be an IP address or a host name; got ${JSON.stringify(issue.input)}`,
    },
  ),
  DATA_DIR: text(DATA_DIR_DEFAULT),
  // Off only to measure what the journal's hash chain costs (npm run bench).
  JOURNAL_HASH_CHAIN: flag('JOURNAL_HASH_CHAIN', true),
  BACKUP_DIRS: optionalText,
  BACKUP_INTERVAL: integer('BACKUP_INTERVAL', 600, 1),
  BACKUP_KEEP: integer('BACKUP_KEEP', 48, 1),
  // STORE_ID goes into DynamoDB keys SHIFT#<store>#<date>: a "#" would break the key layout.
  STORE_ID: matching(
    'STORE_ID',
    'store-1',
    /^[A-Za-z0-9_-]{1,64}$/,
    '1 to 64 characters of A-Z a-z 0-9 _ -',
  ),
  STORE_TIMEZONE: optionalText.refine((zone) => zone === undefined || isValidTimeZone(zone), {
    error: (issue) =>
      `STORE_TIMEZONE must be an IANA time zone such as America/Bogota; got ${JSON.stringify(issue.input)}`,
  }),
  TIME_TO_SYNC: integer('TIME_TO_SYNC', 30, 0),
  TIME_TO_CLEAN: integer('TIME_TO_CLEAN', 3600, 1),
  LOCAL_RETENTION_DAYS: integer('LOCAL_RETENTION_DAYS', 7, 1),
  DYNAMODB_TABLE: matching(
    'DYNAMODB_TABLE',
    'daily_shifts',
    /^[A-Za-z0-9_.-]{3,255}$/,
    '3 to 255 characters of A-Z a-z 0-9 _ . -',
  ),
  DYNAMODB_ENDPOINT: url('DYNAMODB_ENDPOINT'),
  AWS_REGION: optionalText,
  AWS_DEFAULT_REGION: optionalText,
  ALERT_WEBHOOK_URL: url('ALERT_WEBHOOK_URL'),
  SYNC_RETRY_BASE_MS: integer('SYNC_RETRY_BASE_MS', 200, 1),
  SYNC_RETRY_CAP_MS: integer('SYNC_RETRY_CAP_MS', 10_000, 1),
  SYNC_RETRY_ATTEMPTS: integer('SYNC_RETRY_ATTEMPTS', 5, 1),
  SYNC_BREAKER_FAILURES: integer('SYNC_BREAKER_FAILURES', 5, 1),
  SYNC_BREAKER_COOLDOWN_MS: integer('SYNC_BREAKER_COOLDOWN_MS', 30_000, 1),
  SYNC_BATCH_SIZE: integer('SYNC_BATCH_SIZE', 200, 1),
  SYNC_CONCURRENCY: integer('SYNC_CONCURRENCY', 8, 1),
  SYNC_REQUEST_TIMEOUT_MS: integer('SYNC_REQUEST_TIMEOUT_MS', 5000, 100),
  SYNC_CHECK_SECONDS: integer('SYNC_CHECK_SECONDS', 600, 1),
  RECOVER_ON_EMPTY: flag('RECOVER_ON_EMPTY', true),
  RECOVER_LOOKBACK_DAYS: integer('RECOVER_LOOKBACK_DAYS', 60, 0, 3660),
  // S3 bucket names: 3 to 63 lowercase letters, digits, dots and hyphens.
  S3_EXPORT_BUCKET: optionalText.refine(
    (bucket) => bucket === undefined || /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket),
    {
      error: (issue) =>
        `S3_EXPORT_BUCKET must be an S3 bucket name (3 to 63 of a-z 0-9 . -); got ${JSON.stringify(issue.input)}`,
    },
  ),
  S3_ENDPOINT: url('S3_ENDPOINT'),
  S3_EXPORT_INTERVAL: integer('S3_EXPORT_INTERVAL', 300, 1),
  RELAY_TOKEN: token('RELAY_TOKEN'),
  ADMIN_TOKEN: token('ADMIN_TOKEN'),
  OWNER_PASSWORD: optionalText.refine(
    (raw) => raw === undefined || raw.length >= MIN_OWNER_PASSWORD_LENGTH,
    {
      error: `OWNER_PASSWORD must be at least ${MIN_OWNER_PASSWORD_LENGTH} characters (it opens the back office)`,
    },
  ),
  TLS_CERT: optionalText,
  TLS_KEY: optionalText,
  RATE_LIMIT_PER_MINUTE: integer('RATE_LIMIT_PER_MINUTE', 1200, 0),
  PAIR_ATTEMPTS_PER_MINUTE: integer('PAIR_ATTEMPTS_PER_MINUTE', 10, 1),
  LOG_LEVEL: text('info').refine((level) => (LOG_LEVELS as readonly string[]).includes(level), {
    error: (issue) =>
      `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got ${JSON.stringify(issue.input)}`,
  }),
  SHOP_NAME: receiptText('SHOP_NAME'),
  SHOP_ADDRESS: receiptText('SHOP_ADDRESS'),
  SHOP_TAX_ID: receiptText('SHOP_TAX_ID'),
  // The tills format every amount with Intl; an unknown code would throw there.
  CURRENCY: text('COP')
    .transform((code) => code.toUpperCase())
    .refine((code) => /^[A-Z]{3}$/.test(code), {
      error: (issue) =>
        `CURRENCY must be an ISO 4217 code such as COP; got ${JSON.stringify(issue.input)}`,
    }),
  LOCALE: text('es-CO').refine(
    (locale) => {
      try {
        new Intl.NumberFormat(locale);
        return true;
      } catch {
        return false;
      }
    },
    {
      error: (issue) =>
        `LOCALE must be a language tag such as es-CO; got ${JSON.stringify(issue.input)}`,
    },
  ),
  // Minor units are integers: "500.000" or "5e5" would silently mean something else.
  LARGE_AMOUNT_THRESHOLD: integer('LARGE_AMOUNT_THRESHOLD', 500_000, 1),
};

export type VariableName = keyof typeof variables;
type Values = z.output<z.ZodObject<typeof variables>>;

const schema = z.object(variables).check((ctx) => {
  const { RELAY_TOKEN, ADMIN_TOKEN, TLS_CERT, TLS_KEY } = ctx.value;
  if (RELAY_TOKEN !== undefined && RELAY_TOKEN === ADMIN_TOKEN) {
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message: 'RELAY_TOKEN and ADMIN_TOKEN must differ: scripts should not hold admin rights',
    });
  }
  if ((TLS_CERT === undefined) !== (TLS_KEY === undefined)) {
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message: 'TLS_CERT and TLS_KEY go together: set both to serve HTTPS, or neither',
    });
  }
});

/** Validates every variable and reports all problems at once. */
export function loadConfig(env: Env, cwd: string): ConfigResult {
  const parsed = schema.safeParse(env);
  const errors = parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
  // The files are read even when other variables are wrong, so one run lists every problem.
  const tls = readTls(
    env.TLS_CERT?.trim() || undefined,
    env.TLS_KEY?.trim() || undefined,
    cwd,
    errors,
  );
  if (!parsed.success || errors.length > 0) return { ok: false, errors };
  return { ok: true, config: toConfig(parsed.data, tls, env, cwd) };
}

function toConfig(values: Values, tls: TlsFiles | undefined, env: Env, cwd: string): RelayConfig {
  const timeZone = values.STORE_TIMEZONE ?? hostTimeZone();
  return {
    dataDir: dataDirOf({ DATA_DIR: values.DATA_DIR }, cwd),
    storeId: values.STORE_ID,
    timeZone,
    logLevel: values.LOG_LEVEL as LogLevel,
    http: {
      port: values.PORT,
      host: values.HOST,
      tls,
      relayToken: values.RELAY_TOKEN,
      adminToken: values.ADMIN_TOKEN,
      ownerPassword: values.OWNER_PASSWORD,
      rateLimitPerMinute: values.RATE_LIMIT_PER_MINUTE,
      pairAttemptsPerMinute: values.PAIR_ATTEMPTS_PER_MINUTE,
    },
    storage: { hashChain: values.JOURNAL_HASH_CHAIN },
    backups: {
      dirs: (values.BACKUP_DIRS ?? '')
        .split(',')
        .map((dir) => dir.trim())
        .filter((dir) => dir !== '')
        .map((dir) => resolve(cwd, dir)),
      intervalSeconds: values.BACKUP_INTERVAL,
      keep: values.BACKUP_KEEP,
    },
    cleanup: { intervalSeconds: values.TIME_TO_CLEAN, retentionDays: values.LOCAL_RETENTION_DAYS },
    sync: {
      storeId: values.STORE_ID,
      tableName: values.DYNAMODB_TABLE,
      endpoint: values.DYNAMODB_ENDPOINT,
      region: values.AWS_REGION ?? values.AWS_DEFAULT_REGION,
      timeToSyncSeconds: values.TIME_TO_SYNC,
      alertWebhookUrl: values.ALERT_WEBHOOK_URL,
      retry: {
        baseMs: values.SYNC_RETRY_BASE_MS,
        capMs: values.SYNC_RETRY_CAP_MS,
        attempts: values.SYNC_RETRY_ATTEMPTS,
      },
      breaker: {
        consecutiveFailures: values.SYNC_BREAKER_FAILURES,
        cooldownMs: values.SYNC_BREAKER_COOLDOWN_MS,
      },
      batchSize: values.SYNC_BATCH_SIZE,
      concurrency: values.SYNC_CONCURRENCY,
      requestTimeoutMs: values.SYNC_REQUEST_TIMEOUT_MS,
      checkIntervalSeconds: values.SYNC_CHECK_SECONDS,
      env,
    },
    recovery: { onEmpty: values.RECOVER_ON_EMPTY, lookbackDays: values.RECOVER_LOOKBACK_DAYS },
    exports: {
      bucket: values.S3_EXPORT_BUCKET,
      endpoint: values.S3_ENDPOINT,
      region: values.AWS_REGION ?? values.AWS_DEFAULT_REGION,
      intervalSeconds: values.S3_EXPORT_INTERVAL,
    },
    shop: {
      shopName: values.SHOP_NAME,
      address: values.SHOP_ADDRESS,
      taxId: values.SHOP_TAX_ID,
      currency: values.CURRENCY,
      locale: values.LOCALE,
      largeAmountThreshold: values.LARGE_AMOUNT_THRESHOLD,
      timeZone,
      typedAmountName: DEFAULT_TYPED_AMOUNT_NAME,
    },
  };
}

function readTls(
  certSetting: string | undefined,
  keySetting: string | undefined,
  cwd: string,
  errors: string[],
): TlsFiles | undefined {
  // Only one of the two set is reported by the schema.
  if (certSetting === undefined || keySetting === undefined) return undefined;
  const certFile = resolve(cwd, certSetting);
  const keyFile = resolve(cwd, keySetting);
  const files: Partial<TlsFiles> = { certFile, keyFile };
  for (const [name, path, slot] of [
    ['TLS_CERT', certFile, 'cert'],
    ['TLS_KEY', keyFile, 'key'],
  ] as const) {
    try {
      files[slot] = readFileSync(path);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      errors.push(`${name} file ${path} cannot be read (${reason})`);
    }
  }
  if (!files.cert || !files.key) return undefined;
  try {
    createSecureContext({ cert: files.cert, key: files.key });
  } catch (error) {
    errors.push(
      `TLS_CERT and TLS_KEY are not a usable PEM certificate and matching key: ${(error as Error).message}`,
    );
    return undefined;
  }
  return files as TlsFiles;
}
