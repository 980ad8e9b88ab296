// 50 concurrent tills upload new bills and newer versions while the relay is killed with SIGKILL
// four times. Every acknowledged bill must be there exactly once at its latest acknowledged
// version; unacknowledged ones may be there or not, but never twice and never altered.
import http from 'node:http';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  baseEnv,
  makeBill,
  requestJson,
  sleep,
  startRelay,
  tempDir,
  type RunningRelay,
  type TestBill,
} from './relay-process.js';

const CLIENTS = 50;
const KILLS = 4;
// 02:00Z on the 28th is 21:00 on the 27th in Bogotá: the relay must file it under the 27th.
const CREATED_AT = [
  '2026-11-27T15:00:00.000Z',
  '2026-11-28T02:00:00.000Z',
  '2026-11-28T18:00:00.000Z',
];
const SHIFT_DATES = ['2026-11-27', '2026-11-28'];

const dataDir = tempDir('caja-crash-');
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** The relay of the moment: clients wait on `ready` while it restarts. */
class RelayHolder {
  relay: RunningRelay | undefined;
  agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  private ready: Promise<void> = Promise.resolve();
  private markReady: () => void = () => {};

  async start() {
    this.relay = await startRelay(baseEnv(dataDir));
    this.agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    this.markReady();
  }

  async crash() {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    const { signal } = await this.relay!.kill('SIGKILL');
    expect(signal).toBe('SIGKILL');
    this.agent.destroy();
  }

  whenReady() {
    return this.ready;
  }
}

describe('SIGKILL during concurrent uploads', () => {
  it('keeps every acknowledged bill exactly once at its latest acknowledged version', async () => {
    const holder = new RelayHolder();
    await holder.start();

    /** Latest acknowledged content per bill id. */
    const acknowledged = new Map<string, TestBill>();
    /** New bills whose upload failed and that the till then gave up on (never retried). */
    const abandoned = new Map<string, TestBill>();
    const unexpected: string[] = [];
    let attempts = 0;
    let networkErrors = 0;
    let stop = false;

    /** Sends until acknowledged, or gives up on a failed new bill when `mayAbandon`. */
    async function upload(bill: TestBill, mayAbandon: boolean): Promise<boolean> {
      for (;;) {
        const relay = holder.relay!;
        attempts += 1;
        try {
          const answer = await requestJson(relay.url, 'PUT', `/api/v1/bills/${bill.id}`, {
            agent: holder.agent,
            body: bill,
          });
          if (answer.status === 200 || answer.status === 201) {
            acknowledged.set(bill.id, bill);
            abandoned.delete(bill.id);
            return true;
          }
          unexpected.push(`${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
          return false;
        } catch {
          networkErrors += 1;
          if (mayAbandon) {
            abandoned.set(bill.id, bill);
            return false;
          }
          await holder.whenReady();
          await sleep(5);
        }
      }
    }

    async function till(index: number) {
      const mine: TestBill[] = [];
      let seed = index * 1000;
      while (!stop) {
        seed += 1;
        const latest = mine[seed % Math.max(1, mine.length)];
        if (latest && seed % 5 < 2) {
          // A newer version of one of this till's bills, with other lines.
          const next = makeBill(
            latest.id,
            latest.tillId,
            latest.version + 1,
            latest.createdAt,
            seed,
          );
          if (await upload(next, false)) mine[mine.indexOf(latest)] = next;
          else break;
        } else {
          const created = makeBill(
            `t${index}-b${seed}`,
            `till-${index}`,
            1,
            CREATED_AT[seed % CREATED_AT.length]!,
            seed,
          );
          // Some failed new bills are retried (a till's queue), some abandoned (a till wiped).
          if (await upload(created, seed % 3 === 0)) mine.push(created);
        }
      }
    }

    const tills = Array.from({ length: CLIENTS }, (_, index) => till(index));
    for (let kill = 0; kill < KILLS; kill += 1) {
      await sleep(500 + kill * 150);
      await holder.crash();
      await holder.start();
    }
    await sleep(400);
    stop = true;
    await Promise.all(tills);

    expect(unexpected).toEqual([]);
    expect(networkErrors).toBeGreaterThan(0); // the kills did land mid-stream
    expect(acknowledged.size).toBeGreaterThan(100);

    const relay = holder.relay!;
    const seen = new Map<string, TestBill>();
    let totalOfStored = 0;
    for (const date of SHIFT_DATES) {
      const { status, body: shift } = await requestJson(relay.url, 'GET', `/api/v1/shifts/${date}`);
      expect(status).toBe(200);
      const ids: string[] = shift.bills.map((bill: TestBill) => bill.id);
      expect(new Set(ids).size).toBe(ids.length); // never twice
      let sum = 0;
      for (const stored of shift.bills) {
        const { kind, status: billStatus, ...wire } = stored;
        expect([kind, billStatus]).toEqual(['sale', 'closed']);
        seen.set(stored.id, wire);
        sum += stored.total;
      }
      expect(shift.total).toBe(sum);
      expect(shift.billCount).toBe(ids.length);
      totalOfStored += sum;
    }
    // Every acknowledged bill is there, with exactly its latest acknowledged content.
    const missing = [...acknowledged.keys()].filter((id) => !seen.has(id));
    expect(missing).toEqual([]);
    for (const [id, bill] of acknowledged) expect(seen.get(id)).toEqual(bill);
    // Anything else is an abandoned upload, stored exactly as sent.
    for (const [id, stored] of seen) {
      if (acknowledged.has(id)) continue;
      expect(abandoned.has(id)).toBe(true);
      expect(stored).toEqual(abandoned.get(id));
    }
    // The relay's day totals add up to what the tills were told was stored (plus the abandoned
    // uploads that made it), computed from the tills' side.
    let expectedTotal = 0;
    for (const bill of acknowledged.values()) expectedTotal += bill.total;
    for (const id of seen.keys())
      if (!acknowledged.has(id)) expectedTotal += abandoned.get(id)!.total;
    expect(totalOfStored).toBe(expectedTotal);
    console.log(
      `crash test: ${attempts} uploads, ${acknowledged.size} bills acknowledged, ` +
        `${networkErrors} network errors over ${KILLS} kills, ${seen.size - acknowledged.size} abandoned but stored`,
    );

    expect((await relay.kill('SIGTERM')).code).toBe(0);
  });
});
