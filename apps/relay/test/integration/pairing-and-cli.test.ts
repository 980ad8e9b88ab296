// Pairing end to end with the built relay: the start-up code, the `pair` sub-command, admin
// listing and revocation, tokens surviving a restart. Plus the CLI's help and exit codes.
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  baseEnv,
  makeBill,
  requestJson,
  runCommand,
  startRelay,
  tempDir,
} from './relay-process.js';

const dataDir = tempDir('caja-pairing-');
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const env = { ...baseEnv(dataDir), ADMIN_TOKEN };

const PWA_INDEX = new URL('../../../pwa/dist/index.html', import.meta.url);
const CODE = /Pairing code:\s+([A-Z2-9]{4}-[A-Z2-9]{4})/;

/** A bill of the till the token belongs to (a till token writes only its own till's bills). */
async function putBill(url: string, pairing: { token: string; tillId: string }, id: string) {
  const { token, tillId } = pairing;
  const bill = makeBill(id, tillId, 1, '2026-11-27T15:00:00.000Z', 1);
  return (await requestJson(url, 'PUT', `/api/v1/bills/${id}`, { token, body: bill })).status;
}

describe('pairing a till with the built relay', () => {
  it('works with the printed code and with `main.js pair`; revocation and tokens survive restarts', async () => {
    const relay = await startRelay(env);
    const printed = CODE.exec(relay.output())?.[1];
    expect(printed).toBeDefined();
    expect(relay.output()).toContain(`${relay.url}/api/v1/pair`);
    // The till app the printed address opens (apps/pwa/dist, built before these tests).
    const page = await fetch(`${relay.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(readFileSync(PWA_INDEX, 'utf8'));

    const first = await requestJson(relay.url, 'POST', '/api/v1/pair', {
      token: null,
      body: { code: printed, tillName: 'Counter 1' },
    });
    expect(first.status).toBe(201);
    expect(await putBill(relay.url, first.body, 'p-1')).toBe(201);
    const reused = await requestJson(relay.url, 'POST', '/api/v1/pair', {
      token: null,
      body: { code: printed },
    });
    expect(reused.status).toBe(401);

    // A code from the sub-command, made while the relay runs, is accepted by it.
    const command = runCommand(['pair'], env);
    expect(command.code).toBe(0);
    const fresh = CODE.exec(command.stdout)?.[1];
    expect(fresh).toBeDefined();
    const second = await requestJson(relay.url, 'POST', '/api/v1/pair', {
      token: null,
      body: { code: fresh, tillName: 'Counter 2' },
    });
    expect(second.status).toBe(201);

    const tills = await requestJson(relay.url, 'GET', '/api/v1/admin/tills', {
      token: ADMIN_TOKEN,
    });
    expect(tills.body.tills.map((till: { name: string }) => till.name)).toEqual([
      'Counter 1',
      'Counter 2',
    ]);
    expect(JSON.stringify(tills.body)).not.toContain(first.body.token);
    const revoked = await requestJson(
      relay.url,
      'DELETE',
      `/api/v1/admin/tills/${first.body.tillId}`,
      {
        token: ADMIN_TOKEN,
      },
    );
    expect(revoked.status).toBe(200);
    expect(await putBill(relay.url, first.body, 'p-2')).toBe(401);
    expect((await relay.kill('SIGTERM')).code).toBe(0);

    const again = await startRelay(env);
    expect(await putBill(again.url, second.body, 'p-3')).toBe(201);
    expect(await putBill(again.url, first.body, 'p-4')).toBe(401);
    expect(again.output()).not.toContain(second.body.token);
    expect((await again.kill('SIGTERM')).code).toBe(0);
  });
});

describe('the command line', () => {
  it('prints help with exit 0, and exits 2 on an unknown command or bad configuration', () => {
    const help = runCommand(['--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('make-cert --host');
    expect(runCommand(['pair', '--help'], env).stdout).toContain('pairing-codes');
    expect(runCommand(['frobnicate'], env).code).toBe(2);
    const bad = runCommand([], { ...env, STORE_TIMEZONE: 'Mars/Olympus', PORT: '99999' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('STORE_TIMEZONE');
    expect(bad.stderr).toContain('PORT');
  });
});
