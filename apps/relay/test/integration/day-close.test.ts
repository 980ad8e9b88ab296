// The built relay closes a day, is killed with SIGKILL, and restarts with the same Z, cash
// moves and till numbers: every ledger record is durable in the journal before it is answered.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  baseEnv,
  makeBill,
  requestJson,
  startRelay,
  tempDir,
} from './relay-process.js';

const dataDir = tempDir('caja-day-close-');
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const env = { ...baseEnv(dataDir), ADMIN_TOKEN, TIME_TO_SYNC: '0' };
const admin = { token: ADMIN_TOKEN };

describe('day close through SIGKILL', () => {
  it('keeps the Z, the cash moves and the bill numbers', async () => {
    const relay = await startRelay(env);
    for (const number of [1, 2, 4]) {
      const bill = {
        ...makeBill(`bill-${number}`, 'till-1', 1, '2026-11-27T15:00:00.000Z', number),
        number,
      };
      const put = await requestJson(relay.url, 'PUT', `/api/v1/bills/${bill.id}`, { body: bill });
      expect(put.status).toBe(201);
    }
    const move = await requestJson(relay.url, 'POST', '/api/v1/days/2026-11-27/cash-moves', {
      ...admin,
      body: { amount: 20_000, reason: 'opening float' },
    });
    expect(move.status).toBe(201);
    const close = await requestJson(relay.url, 'POST', '/api/v1/days/2026-11-27/close', {
      ...admin,
      body: { countedCash: 20_000 },
    });
    expect(close.status).toBe(201);
    expect(close.body).toMatchObject({ zNumber: 1, cashMoves: 20_000 });
    const { signal } = await relay.kill('SIGKILL');
    expect(signal).toBe('SIGKILL');

    const again = await startRelay(env);
    const z = await requestJson(again.url, 'GET', '/api/v1/days/2026-11-27/z', admin);
    expect(z.status).toBe(200);
    expect({ ...z.body, lateBills: undefined, lateCashMoves: undefined }).toEqual({
      ...close.body,
      lateBills: undefined,
      lateCashMoves: undefined,
    });
    const second = await requestJson(again.url, 'POST', '/api/v1/days/2026-11-27/close', {
      ...admin,
      body: { countedCash: 0 },
    });
    expect(second.status).toBe(409);
    expect(second.body.zNumber).toBe(1);
    const tills = await requestJson(again.url, 'GET', '/api/v1/admin/tills', admin);
    expect(tills.body.tills[0]).toMatchObject({ highestNumber: 4, missingNumbers: [3] });
    const next = await requestJson(again.url, 'POST', '/api/v1/days/2026-11-28/close', {
      ...admin,
      body: { countedCash: 0 },
    });
    expect(next.body).toMatchObject({ zNumber: 2, grandTotal: close.body.grandTotal });
    expect(next.body.chainHead).not.toBe(close.body.chainHead);
    await again.kill('SIGTERM');
  }, 60_000);

  it("keeps the tills' status reports: the next close still names a till holding bills", async () => {
    const dir = tempDir('caja-till-status-');
    const statusEnv = { ...baseEnv(dir), ADMIN_TOKEN, TIME_TO_SYNC: '0' };
    try {
      const relay = await startRelay(statusEnv);
      const code = /Pairing code:\s+([A-Z2-9]{4}-[A-Z2-9]{4})/.exec(relay.output())?.[1];
      const paired = await requestJson(relay.url, 'POST', '/api/v1/pair', {
        token: null,
        body: { code, tillName: 'Counter 1' },
      });
      expect(paired.status).toBe(201);
      const report = {
        highestNumber: 7,
        outbox: 3,
        storage: { persisted: true, usage: 1000, quota: 100_000 },
        appVersion: '1.2.3',
      };
      const put = await requestJson(relay.url, 'PUT', '/api/v1/tills/me/status', {
        token: paired.body.token,
        body: report,
      });
      expect(put.status).toBe(200);
      expect((await relay.kill('SIGKILL')).signal).toBe('SIGKILL');

      const again = await startRelay(statusEnv);
      const tills = await requestJson(again.url, 'GET', '/api/v1/admin/tills', admin);
      expect(tills.body.tills).toEqual([
        expect.objectContaining({
          tillId: paired.body.tillId,
          reported: { ...report, receivedAt: put.body.receivedAt },
        }),
      ]);
      const close = await requestJson(again.url, 'POST', '/api/v1/days/2026-11-27/close', {
        ...admin,
        body: { countedCash: 0 },
      });
      expect(close.body.tillsWithUnsentBills).toEqual([{ tillId: paired.body.tillId, outbox: 3 }]);
      await again.kill('SIGTERM');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
