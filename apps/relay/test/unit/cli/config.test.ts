import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostTimeZone, loadConfig, readEnvironment } from '../../../src/config.js';
import { parseDotEnv } from '../../../src/dotenv.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'caja-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function errorsOf(env: Record<string, string>) {
  const result = loadConfig(env, dir);
  return result.ok ? [] : result.errors;
}

describe('parseDotEnv', () => {
  it('reads assignments, comments, export, quotes and inline comments', () => {
    const { values, errors } = parseDotEnv(
      [
        '# comment',
        '',
        'PORT=9090',
        'export HOST = 127.0.0.1',
        'A="two words # not a comment\\n"',
        "B='single $quoted'",
        'C=value # inline comment',
        'EMPTY=',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(values).toEqual({
      PORT: '9090',
      HOST: '127.0.0.1',
      A: 'two words # not a comment\n',
      B: 'single $quoted',
      C: 'value',
      EMPTY: '',
    });
  });

  it('reports lines it cannot read instead of guessing', () => {
    const { errors } = parseDotEnv('PORT 8080\nX="open');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('line 1');
  });
});

describe('readEnvironment', () => {
  it('reads .env from the working directory; the real environment wins', () => {
    writeFileSync(join(dir, '.env'), 'PORT=9000\nSTORE_ID=from-file\n');
    const { env } = readEnvironment(dir, { PORT: '7000' });
    expect(env.PORT).toBe('7000');
    expect(env.STORE_ID).toBe('from-file');
  });

  it('works without a .env file', () => {
    expect(readEnvironment(dir, { PORT: '1' }).env.PORT).toBe('1');
  });
});

describe('loadConfig', () => {
  it('applies the contract defaults', () => {
    const result = loadConfig({}, dir);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: join(dir, 'data'),
      backupDirs: [],
      backupIntervalSeconds: 600,
      backupKeep: 48,
      storeId: 'store-1',
      timeZone: hostTimeZone(),
      timeToSyncSeconds: 30,
      timeToCleanSeconds: 3600,
      localRetentionDays: 7,
      dynamodbTable: 'daily_shifts',
      rateLimitPerMinute: 1200,
      tls: undefined,
    });
  });

  it('reads every variable', () => {
    const result = loadConfig(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: 'store',
        BACKUP_DIRS: ' /mnt/a , b ,',
        STORE_TIMEZONE: 'America/Bogota',
        RATE_LIMIT_PER_MINUTE: '0',
        RELAY_TOKEN: 'r'.repeat(16),
        ADMIN_TOKEN: 'a'.repeat(16),
        DYNAMODB_ENDPOINT: 'http://127.0.0.1:4567',
      },
      dir,
    );
    expect(result.ok && result.config).toMatchObject({
      port: 0,
      dataDir: join(dir, 'store'),
      backupDirs: ['/mnt/a', join(dir, 'b')],
      timeZone: 'America/Bogota',
      rateLimitPerMinute: 0,
      relayToken: 'r'.repeat(16),
      dynamodbEndpoint: 'http://127.0.0.1:4567',
    });
  });

  it.each([
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: 'http' }, 'PORT'],
    [{ BACKUP_KEEP: '0' }, 'BACKUP_KEEP'],
    [{ BACKUP_INTERVAL: '1.5' }, 'BACKUP_INTERVAL'],
    [{ TIME_TO_SYNC: '-1' }, 'TIME_TO_SYNC'],
    [{ STORE_TIMEZONE: 'Mars/Olympus' }, 'STORE_TIMEZONE'],
    [{ STORE_ID: 'a#b' }, 'STORE_ID'],
    [{ RELAY_TOKEN: 'short' }, 'RELAY_TOKEN'],
    [{ RELAY_TOKEN: 'x'.repeat(20), ADMIN_TOKEN: 'x'.repeat(20) }, 'must differ'],
    [{ DYNAMODB_ENDPOINT: 'localhost:4567' }, 'DYNAMODB_ENDPOINT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ HOST: 'bad host' }, 'HOST'],
    [{ TLS_CERT: 'cert.pem' }, 'go together'],
    [{ TLS_CERT: 'missing.pem', TLS_KEY: 'missing.key' }, 'cannot be read'],
  ])('rejects %o with a message naming %s', (env, name) => {
    const errors = errorsOf(env);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain(name);
  });

  it('rejects TLS files that are not a certificate and key', () => {
    writeFileSync(join(dir, 'cert.pem'), 'not a certificate');
    writeFileSync(join(dir, 'key.pem'), 'not a key');
    expect(errorsOf({ TLS_CERT: 'cert.pem', TLS_KEY: 'key.pem' }).join()).toContain('PEM');
  });

  it('reports every problem at once', () => {
    expect(errorsOf({ PORT: 'x', BACKUP_KEEP: 'y', STORE_TIMEZONE: 'z' })).toHaveLength(3);
  });
});
