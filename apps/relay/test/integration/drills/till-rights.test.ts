// Hostile tills against the built relay: a till token writes only its own till's bills (new or
// existing, void included), versions are bounded, and a revoked till's event stream is closed
// at once and gets no more totals. A normal till keeps uploading throughout.
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  RELAY_TOKEN,
  baseEnv,
  makeBill,
  requestJson,
  sleep,
  startRelay,
  tempDir,
} from '../relay-process.js';
import { audit, Ledger, nowIso, report, scale, startLoad } from './drill-kit.js';

describe('drill: till rights and revocation', () => {
  it("refuses another till's bills with 403, bounds versions, closes a revoked till's stream", async () => {
    const times = scale(3, 30);
    const dataDir = tempDir('caja-drill-rights-');
    // Two pairings a round: above the default per-address limit of pairing attempts.
    const env = { ...baseEnv(dataDir), ADMIN_TOKEN, PAIR_ATTEMPTS_PER_MINUTE: '1000' };
    const relay = await startRelay(env);
    const pair = async (name: string) => {
      const { code } = (
        await requestJson(relay.url, 'POST', '/api/v1/admin/pairing-codes', { token: ADMIN_TOKEN })
      ).body as { code: string };
      const paired = await requestJson(relay.url, 'POST', '/api/v1/pair', {
        token: null,
        body: { code, tillName: name },
      });
      expect(paired.status).toBe(201);
      return paired.body as { token: string; tillId: string };
    };
    const ledger = new Ledger();
    const load = startLoad(() => relay.url, 2, ledger, '127.0.0.2');
    const statuses = new Map<string, number[]>();
    const note = (what: string, status: number) =>
      statuses.set(what, [...(statuses.get(what) ?? []), status]);
    let streamsClosed = 0;
    let totalsAfterRevocation = 0;
    try {
      for (let round = 0; round < times; round++) {
        const [one, two] = [await pair(`one-${round}`), await pair(`two-${round}`)];
        const put = (token: string, bill: ReturnType<typeof makeBill>) =>
          requestJson(relay.url, 'PUT', `/api/v1/bills/${bill.id}`, { token, body: bill });
        const own = makeBill(`r${round}-own`, one.tillId, 1, nowIso(), round);
        expect((await put(one.token, own)).status).toBe(201);
        ledger.ack(own.id, 1);
        // Till two voids till one's bill, writes a bill in till one's name, takes a version to
        // the top: all refused, the bill stays as till one made it.
        note('void of another till', (await put(two.token, { ...own, version: 2 })).status);
        const forged = makeBill(`r${round}-forged`, one.tillId, 1, nowIso(), round);
        note('new bill in another till', (await put(two.token, forged)).status);
        note('version 2^53-1', (await put(one.token, { ...own, version: 2 ** 53 - 1 })).status);
        const stored = await requestJson(relay.url, 'GET', `/api/v1/bills/${own.id}`, {
          token: RELAY_TOKEN,
        });
        expect(stored.body.bill).toMatchObject({ ...own, status: 'closed' });
        // The relay's own token keeps full rights.
        expect((await put(RELAY_TOKEN, { ...own, version: 2 })).status).toBe(200);
        ledger.ack(own.id, 2);

        // Till one's stream, then revocation: the stream ends, no more totals reach it.
        let text = '';
        let ended = false;
        const request = http.get(new URL('/api/v1/events', relay.url), {
          headers: { authorization: `Bearer ${one.token}` },
        });
        request.on('error', () => (ended = true));
        await new Promise<void>((resolve) =>
          request.on('response', (res) => {
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('close', () => (ended = true));
            resolve();
          }),
        );
        for (let i = 0; i < 50 && !text.includes('event: shift'); i++) await sleep(20);
        const revoked = await requestJson(
          relay.url,
          'DELETE',
          `/api/v1/admin/tills/${one.tillId}`,
          { token: ADMIN_TOKEN },
        );
        expect(revoked.status).toBe(200);
        for (let i = 0; i < 50 && !ended; i++) await sleep(20);
        if (ended) streamsClosed += 1;
        const seen = text.length;
        await sleep(300); // the tills' uploads change the day's total meanwhile
        if (text.length > seen) totalsAfterRevocation += 1;
        request.destroy();
        note(
          'write after revocation',
          (await put(one.token, makeBill(`r${round}-late`, one.tillId, 1, nowIso(), 1))).status,
        );
      }
    } finally {
      await load.stop();
    }
    const result = await audit(relay, ledger, '127.0.0.2');
    await relay.kill('SIGTERM');
    const summary = [...statuses]
      .map(([what, codes]) => `${what} ${[...new Set(codes)].join('/')}`)
      .join('; ');
    report({
      drill: 'till rights and revocation',
      what:
        "a till voids, forges and versions another till's bill; its event stream open while " +
        'an admin revokes it; 2 tills upload meanwhile',
      times,
      acknowledged: ledger.acked.size,
      ...result,
      p99Ms: ledger.p99(),
      note: `${summary}; streams closed at revocation ${streamsClosed} of ${times}, totals after it ${totalsAfterRevocation}`,
    });
    expect(statuses.get('void of another till')).toEqual(Array(times).fill(403));
    expect(statuses.get('new bill in another till')).toEqual(Array(times).fill(403));
    expect(statuses.get('version 2^53-1')).toEqual(Array(times).fill(422));
    expect(statuses.get('write after revocation')).toEqual(Array(times).fill(401));
    expect(streamsClosed).toBe(times);
    expect(totalsAfterRevocation).toBe(0);
    expect(result).toEqual({ lost: 0, stale: 0, duplicated: 0 });
  });
});
