// SIGTERM while tills upload: the relay stops accepting, finishes what it acknowledged, writes
// its final snapshot and exits 0 within 5 s; restarted, it has every acknowledged bill.
import http from 'node:http';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  baseEnv,
  makeBill,
  requestJson,
  runCommand,
  sleep,
  startRelay,
  tempDir,
  type TestBill,
} from './relay-process.js';

const dataDir = tempDir('caja-sigterm-');
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('SIGTERM', () => {
  it('exits 0 within 5 s with a final snapshot, and a restart has every acknowledged bill', async () => {
    const relay = await startRelay(baseEnv(dataDir));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
    const acknowledged = new Map<string, TestBill>();
    let stop = false;
    const clients = Array.from({ length: 20 }, async (_, index) => {
      for (let n = 0; !stop; n += 1) {
        const bill = makeBill(`g${index}-${n}`, `till-${index}`, 1, '2026-11-27T15:00:00.000Z', n);
        try {
          const answer = await requestJson(relay.url, 'PUT', `/api/v1/bills/${bill.id}`, {
            agent,
            body: bill,
          });
          if (answer.status === 201) acknowledged.set(bill.id, bill);
          else if (answer.status === 503)
            return; // "shutting_down": the till would retry later
          else throw new Error(`unexpected ${answer.status}`);
        } catch (error) {
          if ((error as Error).message.startsWith('unexpected')) throw error;
          return; // the relay closed: this till stops
        }
      }
    });
    // Signal once the tills have had some bills acknowledged (a loaded machine takes longer),
    // while they keep uploading.
    for (let waited = 0; acknowledged.size <= 40 && waited < 30_000; waited += 50) await sleep(50);
    const signalledAt = Date.now();
    const { code } = await relay.kill('SIGTERM');
    const exitMs = Date.now() - signalledAt;
    stop = true;
    await Promise.all(clients);
    agent.destroy();

    expect(code).toBe(0);
    expect(exitMs).toBeLessThan(5000);
    console.log(`SIGTERM: exited in ${exitMs} ms after ${acknowledged.size} acknowledged bills`);
    expect(relay.output()).toContain('stopped');
    expect(acknowledged.size).toBeGreaterThan(40);
    expect(existsSync(join(dataDir, 'daily_shifts.json'))).toBe(true);
    const verify = runCommand(['verify'], baseEnv(dataDir));
    expect(verify.stdout).toContain('verify: OK');
    expect(verify.code).toBe(0);
    // Point-in-time restore of "now" into a new folder holds every acknowledged bill too.
    const restoredDir = join(dataDir, '..', `${dataDir.split('/').pop()}-restored`);
    const restore = runCommand(
      ['restore', '--at', new Date().toISOString(), '--out', restoredDir],
      baseEnv(dataDir),
    );
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(new RegExp(`${acknowledged.size} bills`));
    rmSync(restoredDir, { recursive: true, force: true });

    const again = await startRelay(baseEnv(dataDir));
    // daily_shifts.json and the last journal segment came from the start-up read ahead.
    expect(again.output()).toMatch(/files read ahead files=2/);
    const { body: shift } = await requestJson(again.url, 'GET', '/api/v1/shifts/2026-11-27');
    const stored = new Map<string, TestBill>(
      shift.bills.map(
        ({
          kind: _kind,
          status: _status,
          ...bill
        }: TestBill & { kind: string; status: string }) => [bill.id, bill],
      ),
    );
    for (const [id, bill] of acknowledged) expect(stored.get(id)).toEqual(bill);
    expect(shift.billCount).toBe(stored.size);
    expect((await again.kill('SIGTERM')).code).toBe(0);
  });
});
