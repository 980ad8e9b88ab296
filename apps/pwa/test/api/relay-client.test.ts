import { describe, expect, it } from 'vitest';
import {
  createRelayClient,
  parseBatchResults,
  parseRelayBill,
} from '../../src/api/relay-client.js';
import { RelayError } from '../../src/api/relay-error.js';
import { createEventParser, type ServerSentEvent } from '../../src/api/sse.js';
import { saleBill } from '../helpers.js';
import { FakeRelay } from '../fake-relay.js';

describe('relay client', () => {
  it('sends the bearer token and reads per-bill results', async () => {
    const relay = new FakeRelay();
    const client = createRelayClient({
      baseUrl: 'http://relay.test/',
      token: relay.token,
      fetch: relay.fetch,
    });
    const bill = saleBill([100]);
    expect(await client.uploadBills([bill])).toEqual([{ id: bill.id, status: 201 }]);
    expect(await client.uploadBills([bill])).toEqual([{ id: bill.id, status: 200 }]);
    expect(await client.getBill(bill.id)).toEqual({ bill, sync: 'pending' });
    expect(await client.getBill('nope')).toBeUndefined();
  });

  it('turns a refused token into an unauthorized error and a dead network into a network error', async () => {
    const relay = new FakeRelay();
    const wrong = createRelayClient({
      baseUrl: 'http://relay.test',
      token: 'other',
      fetch: relay.fetch,
    });
    await expect(wrong.catalog()).rejects.toMatchObject({ kind: 'unauthorized', status: 401 });
    relay.offline = true;
    const client = createRelayClient({
      baseUrl: 'http://relay.test',
      token: relay.token,
      fetch: relay.fetch,
    });
    const error = await client.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RelayError);
    expect(error).toMatchObject({ kind: 'network' });
  });

  it('pairs with a code and reports the relay message when the code is wrong', async () => {
    const relay = new FakeRelay();
    const client = createRelayClient({ baseUrl: 'http://relay.test', fetch: relay.fetch });
    expect(await client.pair(relay.pairingCode, 'Caja 1')).toEqual({
      token: relay.token,
      tillId: 'till-7',
    });
    await expect(client.pair('WRONG-CODE', '')).rejects.toMatchObject({
      code: 'invalid_pairing_code',
      message: 'Unknown code',
    });
  });
});

describe('parseBatchResults', () => {
  const bills = [saleBill([1]), saleBill([2])];

  it('reads the relay batch answer', () => {
    const body = {
      results: [
        { status: 201, id: bills[0]!.id, version: 1 },
        { status: 422, error: { code: 'invalid_bill', message: 'total must equal…' } },
      ],
    };
    expect(parseBatchResults(body, bills)).toEqual([
      { id: bills[0]!.id, status: 201 },
      { id: bills[1]!.id, status: 422, code: 'invalid_bill', message: 'total must equal…' },
    ]);
  });

  it('refuses an answer that does not cover every bill, or is not {results}', () => {
    expect(() => parseBatchResults([{ status: 201 }, { status: 201 }], bills)).toThrow(RelayError);
    expect(() => parseBatchResults({ results: [{ status: 201 }] }, bills)).toThrow(RelayError);
    expect(() => parseBatchResults({ results: [{}, {}] }, bills)).toThrow(RelayError);
  });
});

describe('parseRelayBill', () => {
  const bill = saleBill([1]);
  const answer = { bill, shiftDate: '2026-11-27', lsn: 7 };

  it("reads the relay's one shape: {bill, shiftDate, lsn, sync: {state}, refunds?}", () => {
    expect(parseRelayBill({ ...answer, sync: { state: 'synced' } })).toEqual({
      bill,
      sync: 'synced',
    });
    expect(parseRelayBill({ ...answer, sync: { state: 'pending' } }).sync).toBe('pending');
    expect(parseRelayBill({ ...answer, sync: { state: 'dead-letter' } }).sync).toBe('unknown');
    const refunds = { refundedTotal: 500, creditNotes: ['cn-1'] };
    expect(parseRelayBill({ ...answer, sync: { state: 'synced' }, refunds }).refunds).toEqual(
      refunds,
    );
  });

  it('refuses any other shape with a bad_response error that says what is missing', () => {
    const refused = (body: unknown) => {
      try {
        parseRelayBill(body);
      } catch (error) {
        expect(error).toBeInstanceOf(RelayError);
        expect((error as RelayError).code).toBe('bad_response');
        return (error as RelayError).message;
      }
      throw new Error('accepted');
    };
    expect(refused({})).toMatch(/no \{bill\}/);
    expect(refused({ ...bill, sync: { state: 'synced' } })).toMatch(/no \{bill\}/);
    expect(refused({ ...answer, syncState: 'pending' })).toMatch(/no \{sync: \{state\}\}/);
    expect(refused({ ...answer, sync: 'synced' })).toMatch(/no \{sync: \{state\}\}/);
    expect(
      refused({ ...answer, sync: { state: 'synced' }, refunds: { refundedTotal: '5' } }),
    ).toMatch(/refunds/);
  });
});

describe('server-sent events parser', () => {
  it('assembles events across chunks and skips comments', () => {
    const events: ServerSentEvent[] = [];
    const parser = createEventParser((event) => events.push(event));
    parser.push('retry: 3000\n\n: heartbeat\n\nevent: shift\nid: 4\ndata: {"to');
    parser.push('tal":5}\n\ndata: a\ndata: b\n\n');
    expect(events).toEqual([
      { event: 'shift', id: '4', data: '{"total":5}' },
      { event: 'message', id: '4', data: 'a\nb' },
    ]);
  });
});
