import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from './test-relay.js';

let relay: TestRelay;
afterEach(() => relay.close());

let pwaDir: string;
beforeAll(() => {
  pwaDir = mkdtempSync(join(tmpdir(), 'caja-pwa-'));
  writeFileSync(join(pwaDir, 'index.html'), '<!doctype html><title>Caja till</title>');
  writeFileSync(join(pwaDir, 'app.js'), 'console.log("till")');
  // What the build makes: a hashed asset with its brotli and gzip copies.
  mkdirSync(join(pwaDir, 'assets'));
  const asset = join(pwaDir, 'assets', 'selling-AbCd12_x.js');
  writeFileSync(asset, ASSET);
  writeFileSync(`${asset}.br`, brotliCompressSync(ASSET));
  writeFileSync(`${asset}.gz`, gzipSync(ASSET));
});
const ASSET = `export const keys = ${JSON.stringify('7 8 9 '.repeat(400))};`;
afterAll(() => rmSync(pwaDir, { recursive: true, force: true }));

describe('security headers', () => {
  it('sets helmet headers, no x-powered-by, and no HSTS or upgrade over plain HTTP', async () => {
    relay = await startTestRelay();
    const answer = await relay.request('GET', '/api/v1/health', { token: null });
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(answer.headers.get('content-security-policy')).not.toContain(
      'upgrade-insecure-requests',
    );
    expect(answer.headers.get('strict-transport-security')).toBeNull();
    expect(answer.headers.get('x-powered-by')).toBeNull();
  });
});

describe('the till app', () => {
  it('serves files and falls back to index.html for app routes', async () => {
    relay = await startTestRelay({ pwaDir });
    const file = await relay.request('GET', '/app.js', { token: null });
    expect(file.text).toContain('till');
    const route = await relay.request('GET', '/shift/today', { token: null });
    expect(route.status).toBe(200);
    expect(route.text).toContain('Caja till');
    expect(route.headers.get('cache-control')).toBe('no-cache');
  });

  it('sends the precompressed copy the browser accepts, hashed assets cached for a year', async () => {
    relay = await startTestRelay({ pwaDir });
    const path = '/assets/selling-AbCd12_x.js';
    // fetch decodes what comes back, as a browser does.
    const brotli = await relay.request('GET', path, {
      token: null,
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(brotli.text).toBe(ASSET);
    expect(brotli.headers.get('vary')).toContain('Accept-Encoding');
    expect(brotli.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(brotli.headers.get('content-type')).toContain('javascript');
    const gzip = await relay.request('GET', path, {
      token: null,
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gzip.text).toBe(ASSET);
    const plain = await relay.request('GET', path, {
      token: null,
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.text).toBe(ASSET);
  });

  it('never answers an /api/ path with the app: unknown API paths get a JSON 404', async () => {
    relay = await startTestRelay({ pwaDir });
    for (const path of ['/api/v1/nope', '/api/v2/bills', '/api']) {
      const answer = await relay.request('GET', path);
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toContain('application/json');
      expect(answer.body.error.code).toBe('not_found');
    }
  });
});
