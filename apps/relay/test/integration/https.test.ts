// make-cert makes a CA and a certificate; the relay serves HTTPS with it, and a client that
// trusts the CA (as a tablet will) connects while one that does not is refused.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  baseEnv,
  makeBill,
  requestJson,
  runCommand,
  startRelay,
  tempDir,
} from './relay-process.js';

const dir = tempDir('caja-https-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('HTTPS with a certificate from make-cert', () => {
  it('serves the API over TLS to clients that trust the local CA', async () => {
    const tlsDir = join(dir, 'tls');
    const made = runCommand(['make-cert', '--host', '127.0.0.1', '--out', tlsDir], baseEnv(dir));
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(`TLS_CERT=${join(tlsDir, 'relay.crt')}`);
    expect(made.stdout).toContain('Android');
    expect(made.stdout).toContain('iPad');

    const relay = await startRelay({
      ...baseEnv(join(dir, 'data')),
      TLS_CERT: join(tlsDir, 'relay.crt'),
      TLS_KEY: join(tlsDir, 'relay.key'),
    });
    expect(relay.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ca = readFileSync(join(tlsDir, 'ca.crt'));

    const health = await requestJson(relay.url, 'GET', '/api/v1/health', { ca, token: null });
    expect(health.status).toBe(200);
    const bill = makeBill('tls-1', 'till-1', 1, '2026-11-27T15:00:00.000Z', 3);
    const put = await requestJson(relay.url, 'PUT', '/api/v1/bills/tls-1', { ca, body: bill });
    expect(put.status).toBe(201);
    const caFile = await requestJson(relay.url, 'GET', '/ca.crt', { ca, token: null });
    expect(String(caFile.body)).toContain('BEGIN CERTIFICATE');

    await expect(requestJson(relay.url, 'GET', '/api/v1/health', { token: null })).rejects.toThrow(
      /self[- ]signed|unable to (verify|get local issuer)/i,
    );
    expect((await relay.kill('SIGTERM')).code).toBe(0);
  });
});
