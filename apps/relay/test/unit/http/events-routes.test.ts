import { afterEach, describe, expect, it } from 'vitest';
import { openStream } from './event-stream.js';
import { makeBill, startTestRelay, type TestRelay } from './test-relay.js';

let relay: TestRelay;
afterEach(() => relay.close());

function shiftEvents(text: string) {
  return [...text.matchAll(/event: shift\nid: (\d+)\ndata: (.*)\n\n/g)].map((m) => ({
    id: Number(m[1]),
    data: JSON.parse(m[2]!),
  }));
}

describe('GET /api/v1/events', () => {
  it('sends today at once, then the day summary after each accepted bill', async () => {
    relay = await startTestRelay();
    const stream = await openStream(relay.url);
    expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
    const first = await stream.waitFor((t) => shiftEvents(t).length === 1);
    expect(shiftEvents(first)[0]).toEqual({
      id: 0,
      data: { date: '2026-11-27', total: 0, billCount: 0, byTill: {} },
    });
    const bill = makeBill({ tillId: 'till-9' });
    await relay.request('PUT', `/api/v1/bills/${bill.id}`, { body: bill });
    const second = await stream.waitFor((t) => shiftEvents(t).length === 2);
    expect(shiftEvents(second)[1]).toEqual({
      id: 1,
      data: {
        date: '2026-11-27',
        total: 6000,
        billCount: 1,
        byTill: { 'till-9': { total: 6000, billCount: 1 } },
      },
    });
    await stream.close();
  });

  it('sends heartbeat comments and forgets the listener when the client goes away', async () => {
    relay = await startTestRelay({ heartbeatMs: 20 });
    const stream = await openStream(relay.url);
    expect(await stream.waitFor((t) => t.includes(': heartbeat\n\n'))).toContain(': heartbeat');
    expect(relay.relay.live.listenerCount).toBe(1);
    await stream.close();
    for (let i = 0; i < 100 && relay.relay.live.listenerCount > 0; i += 1) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(relay.relay.live.listenerCount).toBe(0);
  });

  it('needs a token', async () => {
    relay = await startTestRelay();
    expect((await relay.request('GET', '/api/v1/events', { token: null })).status).toBe(401);
  });
});
