// Live-update streams: a revoked till's stream closes at once; streams are capped per token
// (the oldest gives way to a reconnect) and in all (503 with Retry-After).
import { afterEach, describe, expect, it } from 'vitest';
import { openStream } from './event-stream.js';
import {
  ADMIN_TOKEN,
  makeBill,
  RELAY_TOKEN,
  startTestRelay,
  type TestRelay,
} from './test-relay.js';

let relay: TestRelay;
afterEach(() => relay.close());

async function pairTill(): Promise<{ tillId: string; token: string }> {
  const { code } = await relay.relay.pairing.issueCode();
  const paired = await relay.request('POST', '/api/v1/pair', {
    body: { code, tillName: 'Counter' },
    token: null,
  });
  return { tillId: paired.body.tillId as string, token: paired.body.token as string };
}

const waitUntil = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setTimeout(r, 10));
  return check();
};

describe('event streams', () => {
  it('close when their till is revoked, and its totals stop reaching it', async () => {
    relay = await startTestRelay();
    const till = await pairTill();
    const other = await openStream(relay.url, RELAY_TOKEN);
    const stream = await openStream(relay.url, till.token);
    await stream.waitFor((t) => t.includes('event: shift'));
    expect(relay.relay.live.listenerCount).toBe(2);
    const revoked = await relay.request('DELETE', `/api/v1/admin/tills/${till.tillId}`, {
      token: ADMIN_TOKEN,
    });
    expect(revoked.status).toBe(200);
    expect(await waitUntil(() => relay.relay.live.listenerCount === 1)).toBe(true);
    const before = (await stream.waitFor(() => true)).length;
    const bill = makeBill();
    await relay.request('PUT', `/api/v1/bills/${String(bill.id)}`, { body: bill });
    // The other stream gets the new total; the revoked one gets nothing more.
    expect(await other.waitFor((t) => t.includes('"total":6000'))).toContain('"total":6000');
    await new Promise((r) => setTimeout(r, 50));
    expect((await stream.waitFor(() => true)).length).toBe(before);
    await stream.close();
    await other.close();
  });

  it('are capped per token: a fifth stream replaces the oldest', async () => {
    relay = await startTestRelay({ streamLimits: { perToken: 4, total: 100 } });
    const streams = [];
    for (let i = 0; i < 5; i++) streams.push(await openStream(relay.url, RELAY_TOKEN));
    expect(await waitUntil(() => relay.relay.live.listenerCount === 4)).toBe(true);
    // The first stream ended: its reader finished.
    expect(await streams[0]!.waitFor((t) => t.includes('event: shift'))).toContain('event: shift');
    for (const stream of streams) await stream.close();
  });

  it('are capped in all with 503 too_many_streams and Retry-After', async () => {
    relay = await startTestRelay({ streamLimits: { perToken: 4, total: 2 } });
    const first = await openStream(relay.url, RELAY_TOKEN);
    const second = await openStream(relay.url, ADMIN_TOKEN);
    const refused = await fetch(`${relay.url}/api/v1/events`, {
      headers: { authorization: `Bearer ${(await pairTill()).token}` },
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'too_many_streams',
    );
    await first.close();
    await second.close();
  });
});
