// The relay's configuration: every variable of CONTRACT.md ("Relay environment") plus a few of
// our own, read from the environment and `.env`, validated once at start-up. Bad configuration
// is a message and exit code 2, never a relay that half works.
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { isValidTimeZone } from '@caja/models';
import { parseDotEnv } from './dotenv.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface TlsFiles {
  certFile: string;
  keyFile: string;
  cert: Buffer;
  key: Buffer;
}

export interface RelayConfig {
  port: number;
  host: string;
  /** Absolute. */
  dataDir: string;
  backupDirs: string[];
  backupIntervalSeconds: number;
  backupKeep: number;
  storeId: string;
  timeZone: string;
  timeToSyncSeconds: number;
  timeToCleanSeconds: number;
  localRetentionDays: number;
  dynamodbTable: string;
  dynamodbEndpoint: string | undefined;
  awsRegion: string | undefined;
  alertWebhookUrl: string | undefined;
  relayToken: string | undefined;
  adminToken: string | undefined;
  /** Opens the back office (owner sessions); ADMIN_TOKEN does when unset. */
  ownerPassword: string | undefined;
  tls: TlsFiles | undefined;
  /** Requests per minute per token; 0 disables the limit (benchmarks). */
  rateLimitPerMinute: number;
  logLevel: LogLevel;
}

export type ConfigResult = { ok: true; config: RelayConfig } | { ok: false; errors: string[] };

/** Tokens shorter than this are guessable; they guard every bill of the shop. */
export const MIN_TOKEN_LENGTH = 16;

/** The environment the relay sees: `.env` in `cwd` first, then the real environment on top. */
export function readEnvironment(
  cwd: string,
  processEnv: NodeJS.ProcessEnv,
): { env: Record<string, string | undefined>; errors: string[] } {
  const file = resolve(cwd, '.env');
  if (!existsSync(file)) return { env: { ...processEnv }, errors: [] };
  const { values, errors } = parseDotEnv(readFileSync(file, 'utf8'));
  return { env: { ...values, ...processEnv }, errors: errors.map((e) => `.env ${e}`) };
}

export function hostTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Validates every variable and reports all problems at once. */
export function loadConfig(env: Record<string, string | undefined>, cwd: string): ConfigResult {
  const errors: string[] = [];
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const integer = (name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `${min} to ${max}`;
      errors.push(`${name} must be a whole number, ${range}; got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return value;
  };
  const url = (name: string) => {
    const raw = read(name);
    if (raw === undefined) return undefined;
    if (!/^https?:\/\//.test(raw) || !URL.canParse(raw)) {
      errors.push(`${name} must be an http:// or https:// URL; got ${JSON.stringify(raw)}`);
    }
    return raw;
  };
  const token = (name: string) => {
    const raw = read(name);
    if (raw !== undefined && raw.length < MIN_TOKEN_LENGTH) {
      errors.push(`${name} must be at least ${MIN_TOKEN_LENGTH} characters (it guards the API)`);
    }
    if (raw !== undefined && /\s/.test(raw)) errors.push(`${name} must not contain spaces`);
    return raw;
  };

  const port = integer('PORT', 8080, 0, 65535);
  const host = read('HOST') ?? '0.0.0.0';
  if (isIP(host) === 0 && !/^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$/.test(host)) {
    errors.push(`HOST must be an IP address or a host name; got ${JSON.stringify(host)}`);
  }
  const storeId = read('STORE_ID') ?? 'store-1';
  // STORE_ID goes into DynamoDB keys SHIFT#<store>#<date>: a "#" would break the key layout.
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(storeId)) {
    errors.push(
      `STORE_ID must be 1 to 64 characters of A-Z a-z 0-9 _ -; got ${JSON.stringify(storeId)}`,
    );
  }
  const timeZone = read('STORE_TIMEZONE') ?? hostTimeZone();
  if (!isValidTimeZone(timeZone)) {
    errors.push(
      `STORE_TIMEZONE must be an IANA time zone such as America/Bogota; got ${JSON.stringify(timeZone)}`,
    );
  }
  const logLevel = (read('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    errors.push(
      `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got ${JSON.stringify(logLevel)}`,
    );
  }
  const dynamodbTable = read('DYNAMODB_TABLE') ?? 'daily_shifts';
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(dynamodbTable)) {
    errors.push(`DYNAMODB_TABLE must be 3 to 255 characters of A-Z a-z 0-9 _ . -`);
  }

  const config: RelayConfig = {
    port,
    host,
    dataDir: resolve(cwd, read('DATA_DIR') ?? './data'),
    backupDirs: (read('BACKUP_DIRS') ?? '')
      .split(',')
      .map((dir) => dir.trim())
      .filter((dir) => dir !== '')
      .map((dir) => resolve(cwd, dir)),
    backupIntervalSeconds: integer('BACKUP_INTERVAL', 600, 1),
    backupKeep: integer('BACKUP_KEEP', 48, 1),
    storeId,
    timeZone,
    // 0 turns the DynamoDB sync off (bills stay in DATA_DIR; health says "disabled").
    timeToSyncSeconds: integer('TIME_TO_SYNC', 30, 0),
    timeToCleanSeconds: integer('TIME_TO_CLEAN', 3600, 1),
    localRetentionDays: integer('LOCAL_RETENTION_DAYS', 7, 1),
    dynamodbTable,
    dynamodbEndpoint: url('DYNAMODB_ENDPOINT'),
    awsRegion: read('AWS_REGION'),
    alertWebhookUrl: url('ALERT_WEBHOOK_URL'),
    relayToken: token('RELAY_TOKEN'),
    adminToken: token('ADMIN_TOKEN'),
    ownerPassword: ownerPassword(read('OWNER_PASSWORD'), errors),
    tls: readTls(read('TLS_CERT'), read('TLS_KEY'), cwd, errors),
    rateLimitPerMinute: integer('RATE_LIMIT_PER_MINUTE', 1200, 0),
    logLevel,
  };
  if (config.relayToken !== undefined && config.relayToken === config.adminToken) {
    errors.push('RELAY_TOKEN and ADMIN_TOKEN must differ: scripts should not hold admin rights');
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config };
}

/** A password a person types on a phone: spaces allowed, but not one a neighbour guesses. */
export const MIN_OWNER_PASSWORD_LENGTH = 10;

function ownerPassword(raw: string | undefined, errors: string[]): string | undefined {
  if (raw !== undefined && raw.length < MIN_OWNER_PASSWORD_LENGTH) {
    errors.push(
      `OWNER_PASSWORD must be at least ${MIN_OWNER_PASSWORD_LENGTH} characters (it opens the back office)`,
    );
  }
  return raw;
}

function readTls(
  certSetting: string | undefined,
  keySetting: string | undefined,
  cwd: string,
  errors: string[],
): TlsFiles | undefined {
  if (certSetting === undefined && keySetting === undefined) return undefined;
  if (certSetting === undefined || keySetting === undefined) {
    errors.push('TLS_CERT and TLS_KEY go together: set both to serve HTTPS, or neither');
    return undefined;
  }
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
