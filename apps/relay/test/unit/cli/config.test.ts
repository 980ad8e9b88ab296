import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEnvironment } from '../../../src/config-source.js';
import { hostTimeZone, loadConfig } from '../../../src/config.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'caja-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function errorsOf(env: Record<string, string>) {
  const result = loadConfig(env, dir);
  return result.ok ? [] : result.errors;
}

describe('readEnvironment', () => {
  it('reads .env from the working directory; the real environment wins', () => {
    writeFileSync(join(dir, '.env'), 'PORT=9000\nSTORE_ID=from-file\n');
    const { env } = readEnvironment(dir, { PORT: '7000' });
    expect(env.PORT).toBe('7000');
    expect(env.STORE_ID).toBe('from-file');
  });

  it('reads comments, export, quotes and inline comments; reports lines it cannot read', () => {
    writeFileSync(
      join(dir, '.env'),
      [
        '# comment',
        '',
        'export HOST = 127.0.0.1',
        'A="two words # not a comment"',
        "B='single $quoted'",
        'C=value # inline comment',
        'PORT 8080',
      ].join('\n'),
    );
    const { env, errors } = readEnvironment(dir, {});
    expect(env).toMatchObject({
      HOST: '127.0.0.1',
      A: 'two words # not a comment',
      B: 'single $quoted',
      C: 'value',
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('line 7');
  });

  it('works without a .env file', () => {
    expect(readEnvironment(dir, { PORT: '1' }).env.PORT).toBe('1');
  });
});

describe('loadConfig', () => {
  it('applies the defaults, each part its slice', () => {
    const result = loadConfig({}, dir);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({
      dataDir: join(dir, 'data'),
      storeId: 'store-1',
      timeZone: hostTimeZone(),
      logLevel: 'info',
      http: { port: 8080, host: '0.0.0.0', tls: undefined, rateLimitPerMinute: 1200 },
      storage: { hashChain: true },
      backups: { dirs: [], intervalSeconds: 600, keep: 48 },
      cleanup: { intervalSeconds: 3600, retentionDays: 7 },
      sync: {
        storeId: 'store-1',
        tableName: 'daily_shifts',
        endpoint: undefined,
        timeToSyncSeconds: 30,
        retry: { baseMs: 200, capMs: 10_000, attempts: 5 },
        breaker: { consecutiveFailures: 5, cooldownMs: 30_000 },
        batchSize: 200,
        concurrency: 8,
        requestTimeoutMs: 5000,
        checkIntervalSeconds: 600,
      },
      shop: {
        shopName: '',
        address: '',
        taxId: '',
        currency: 'COP',
        locale: 'es-CO',
        largeAmountThreshold: 500_000,
        timeZone: hostTimeZone(),
      },
    });
  });

  it('reads every variable', () => {
    const result = loadConfig(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: 'store',
        BACKUP_DIRS: ' /mnt/a , b ,',
        STORE_ID: 'shop-9',
        STORE_TIMEZONE: 'America/Bogota',
        JOURNAL_HASH_CHAIN: 'false',
        RATE_LIMIT_PER_MINUTE: '0',
        RELAY_TOKEN: 'r'.repeat(16),
        ADMIN_TOKEN: 'a'.repeat(16),
        DYNAMODB_TABLE: 'caja',
        DYNAMODB_ENDPOINT: 'http://127.0.0.1:4567',
        AWS_REGION: 'eu-west-1',
        TIME_TO_SYNC: '2',
        SYNC_RETRY_ATTEMPTS: '3',
        SYNC_CONCURRENCY: '16',
        ALERT_WEBHOOK_URL: 'http://hooks.test/x',
        SHOP_NAME: ' Tienda Rosa ',
        SHOP_ADDRESS: 'Calle 10 # 5-20, Bogotá',
        SHOP_TAX_ID: 'NIT 900.123.456-7',
        CURRENCY: 'usd',
        LOCALE: 'en-US',
        LARGE_AMOUNT_THRESHOLD: '100000',
      },
      dir,
    );
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.ok && result.config).toMatchObject({
      dataDir: join(dir, 'store'),
      storeId: 'shop-9',
      timeZone: 'America/Bogota',
      http: { port: 0, host: '127.0.0.1', rateLimitPerMinute: 0, relayToken: 'r'.repeat(16) },
      storage: { hashChain: false },
      backups: { dirs: ['/mnt/a', join(dir, 'b')] },
      sync: {
        storeId: 'shop-9',
        tableName: 'caja',
        endpoint: 'http://127.0.0.1:4567',
        region: 'eu-west-1',
        timeToSyncSeconds: 2,
        retry: { attempts: 3 },
        concurrency: 16,
        alertWebhookUrl: 'http://hooks.test/x',
      },
      shop: {
        shopName: 'Tienda Rosa',
        address: 'Calle 10 # 5-20, Bogotá',
        taxId: 'NIT 900.123.456-7',
        currency: 'USD',
        locale: 'en-US',
        largeAmountThreshold: 100_000,
        timeZone: 'America/Bogota',
      },
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
    [{ OWNER_PASSWORD: 'short' }, 'OWNER_PASSWORD'],
    [{ RELAY_TOKEN: 'x'.repeat(20), ADMIN_TOKEN: 'x'.repeat(20) }, 'must differ'],
    [{ DYNAMODB_ENDPOINT: 'localhost:4567' }, 'DYNAMODB_ENDPOINT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ HOST: 'bad host' }, 'HOST'],
    [{ TLS_CERT: 'cert.pem' }, 'go together'],
    [{ TLS_CERT: 'missing.pem', TLS_KEY: 'missing.key' }, 'cannot be read'],
    [{ SYNC_CONCURRENCY: '0' }, 'SYNC_CONCURRENCY'],
    [{ SYNC_REQUEST_TIMEOUT_MS: '50' }, 'SYNC_REQUEST_TIMEOUT_MS'],
    [{ CURRENCY: 'pesos' }, 'CURRENCY'],
    [{ LOCALE: '!!' }, 'LOCALE'],
    [{ LARGE_AMOUNT_THRESHOLD: '500.000' }, 'LARGE_AMOUNT_THRESHOLD'],
    [{ LARGE_AMOUNT_THRESHOLD: '0' }, 'LARGE_AMOUNT_THRESHOLD'],
    [{ SHOP_NAME: 'Tienda\u202Eesor' }, 'SHOP_NAME must not hold control or text-direction'],
    [{ SHOP_ADDRESS: 'Calle 1\u0007' }, 'SHOP_ADDRESS must not hold control'],
    [{ SHOP_TAX_ID: '900\u2066123' }, 'SHOP_TAX_ID must not hold control'],
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

  it('reports every problem at once, of every part', () => {
    const errors = errorsOf({
      PORT: 'x',
      BACKUP_KEEP: 'y',
      STORE_TIMEZONE: 'z',
      SYNC_BATCH_SIZE: '0',
      CURRENCY: '1',
      TLS_CERT: 'missing.pem',
      TLS_KEY: 'missing.key',
    });
    expect(errors).toHaveLength(7); // five variables, and each TLS file that cannot be read
    for (const name of ['PORT', 'BACKUP_KEEP', 'STORE_TIMEZONE', 'SYNC_BATCH_SIZE', 'CURRENCY']) {
      expect(errors.join('\n')).toContain(name);
    }
  });
});
