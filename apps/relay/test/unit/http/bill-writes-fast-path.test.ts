// The fast path must answer the bill writes exactly as the Express app does: the same requests
// go to a relay serving `app` and one serving `handle`, and status, raw headers (in order), body,
// log lines and metrics must match.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { RelayParts } from '../../../src/compose.js';
import { matchBillWrite } from '../../../src/http/bill-writes-fast-path.js';
import { StorageError } from '../../../src/storage/errors.js';
import { MemoryBillStore } from '../../../src/store/memory-bill-store.js';
import {
  ADMIN_TOKEN,
  makeBill,
  RELAY_TOKEN,
  startTestRelay,
  TIME_ZONE,
  type TestRelay,
} from './test-relay.js';

interface RawAnswer {
  status: number;
  /** Name/value pairs as sent, minus Date and the connection's keep-alive bookkeeping. */
  headers: string[];
  body: string;
}

interface RawRequest {
  method: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

/** node:http rather than fetch: raw header names, order and bytes. */
function rawRequest(url: string, req: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      `${url}${req.path}`,
      { method: req.method, headers: req.headers, agent: false },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers: string[] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            const name = res.rawHeaders[i]!;
            if (/^(date|keep-alive)$/i.test(name)) continue;
            headers.push(name, res.rawHeaders[i + 1]!);
          }
          resolve({ status: res.statusCode!, headers, body: Buffer.concat(chunks).toString() });
        });
      },
    );
    sent.on('error', reject);
    sent.end(req.body);
  });
}

const json = (value: unknown) => ({
  body: JSON.stringify(value),
  headers: { authorization: `Bearer ${RELAY_TOKEN}`, 'content-type': 'application/json' },
});

const relays: TestRelay[] = [];
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
});

/** Two relays alike but for what the server runs: Express alone, and `handle`. */
async function pair(overrides: () => Partial<RelayParts> = () => ({})) {
  const viaExpress = await startTestRelay(overrides(), 'app');
  const viaFastPath = await startTestRelay(overrides(), 'handle');
  relays.push(viaExpress, viaFastPath);
  return { viaExpress, viaFastPath };
}

/** Sends each request to both relays in turn and expects the same raw answers. */
async function expectSameAnswers(
  relaysToCompare: { viaExpress: TestRelay; viaFastPath: TestRelay },
  requests: RawRequest[],
): Promise<RawAnswer[]> {
  const answers: RawAnswer[] = [];
  for (const req of requests) {
    const express = await rawRequest(relaysToCompare.viaExpress.url, req);
    const fast = await rawRequest(relaysToCompare.viaFastPath.url, req);
    expect(fast, `${req.method} ${req.path}`).toEqual(express);
    answers.push(fast);
  }
  return answers;
}

/** Log lines without their timestamps. */
const logOf = (relay: TestRelay) => relay.logger.lines.map((line) => line.replace(/^\S+ /, ''));

const metricsOf = (relay: TestRelay) =>
  relay.relay.metrics.registry
    .render()
    .split('\n')
    .filter((line) => line.startsWith('caja_http_requests_total'));

describe('bill-write fast path, compared with Express', () => {
  it('answers writes, duplicates, conflicts and bad input byte for byte alike', async () => {
    const relays = await pair();
    const bill = makeBill({ id: 'bill-fast-1' });
    const put = (body: RawRequest['body'], headers: Record<string, string> = {}) => ({
      method: 'PUT',
      path: '/api/v1/bills/bill-fast-1',
      body,
      headers: { authorization: `Bearer ${RELAY_TOKEN}`, ...headers },
    });
    const answers = await expectSameAnswers(relays, [
      { method: 'PUT', path: '/api/v1/bills/bill-fast-1', ...json(bill) },
      { method: 'PUT', path: '/api/v1/bills/bill-fast-1', ...json(bill) },
      { method: 'PUT', path: '/api/v1/bills/bill-fast-1', ...json({ ...bill, total: 1 }) },
      { method: 'PUT', path: '/api/v1/bills/other-id', ...json(bill) },
      { method: 'PUT', path: '/api/v1/bills/bill%20fast', ...json(bill) },
      put('{"id": '),
      put(''),
      put('[1, 2]', { 'content-type': 'text/plain' }),
      put(`\uFEFF${JSON.stringify({ ...bill, version: 2 })}`),
      put(JSON.stringify({ ...bill, note: 'x'.repeat(300 * 1024) })),
      { method: 'PUT', path: '/api/v1/bills/bill-fast-1', body: JSON.stringify(bill) },
      { ...put(JSON.stringify(bill)), headers: { authorization: 'Bearer caja_unknown' } },
      { ...put(JSON.stringify(bill)), headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([
      201, 200, 422, 400, 400, 400, 400, 400, 200, 413, 401, 401, 409,
    ]);
    expect(answers[0]!.headers).toContain('Content-Security-Policy');
    expect(logOf(relays.viaFastPath)).toEqual(logOf(relays.viaExpress));
    expect(metricsOf(relays.viaFastPath)).toEqual(metricsOf(relays.viaExpress));
    expect(metricsOf(relays.viaFastPath)).toContain(
      'caja_http_requests_total{method="PUT",route="unmatched",status="401"} 2',
    );
  });

  it('answers batches alike, whole and rejected', async () => {
    const relays = await pair();
    const batch = (body: unknown) => ({
      method: 'POST',
      path: '/api/v1/bills/batch',
      ...json(body),
    });
    const answers = await expectSameAnswers(relays, [
      batch({ bills: [makeBill({ id: 'b-1' }), { id: 'b-2' }, makeBill({ id: 'b-3' })] }),
      batch({ bills: 'nope' }),
      batch([]),
      { ...batch({}), body: '{' },
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 400, 400, 400]);
    expect(JSON.parse(answers[0]!.body).results.map((r: { status: number }) => r.status)).toEqual([
      201, 422, 201,
    ]);
    expect(metricsOf(relays.viaFastPath)).toEqual(metricsOf(relays.viaExpress));
  });

  it('refuses past the per-token limit with the same headers', async () => {
    const relays = await pair(() => ({ rateLimitPerMinute: 2 }));
    const bill = makeBill({ id: 'bill-limited' });
    const put = { method: 'PUT', path: '/api/v1/bills/bill-limited', ...json(bill) };
    const answers = await expectSameAnswers(relays, [put, put, put]);
    expect(answers.map((answer) => answer.status)).toEqual([201, 200, 429]);
    expect(answers[2]!.headers).toEqual(
      expect.arrayContaining(['RateLimit', 'limit=2, remaining=0, reset=60', 'Retry-After', '60']),
    );
    expect(logOf(relays.viaFastPath)).toEqual(logOf(relays.viaExpress));
  });

  it('shares one budget per token between Express routes and the fast path', async () => {
    const relay = await startTestRelay({ rateLimitPerMinute: 2 });
    relays.push(relay);
    const bill = makeBill({ id: 'bill-budget' });
    expect((await relay.request('GET', '/api/v1/bills/bill-budget')).status).toBe(404);
    expect((await relay.request('PUT', '/api/v1/bills/bill-budget', { body: bill })).status).toBe(
      201,
    );
    const refused = await relay.request('PUT', '/api/v1/bills/bill-budget', { body: bill });
    expect(refused.status).toBe(429);
    expect((await relay.request('GET', '/api/v1/bills/bill-budget')).status).toBe(429);
  });

  it('answers storage failures 503 and other errors a bare 500, logged alike', async () => {
    class FailingStore extends MemoryBillStore {
      constructor(private readonly error: Error) {
        super(TIME_ZONE);
      }
      override async putMany(): Promise<never> {
        throw this.error;
      }
    }
    for (const error of [new StorageError('WRITE_FAILED', 'ENOSPC'), new Error('disk on fire')]) {
      const relays = await pair(() => ({ store: new FailingStore(error) }));
      const bill = makeBill({ id: 'bill-fails' });
      const [answer] = await expectSameAnswers(relays, [
        { method: 'PUT', path: '/api/v1/bills/bill-fails', ...json(bill) },
      ]);
      expect(answer!.status).toBe(error instanceof StorageError ? 503 : 500);
      expect(logOf(relays.viaFastPath)).toEqual(logOf(relays.viaExpress));
      expect(logOf(relays.viaFastPath).join('\n')).toContain('request failed');
    }
  });

  it('answers 503 shutting_down with Connection: close once shutdown has begun', async () => {
    const relays = await pair();
    relays.viaExpress.relay.beginShutdown();
    relays.viaFastPath.relay.beginShutdown();
    const [answer] = await expectSameAnswers(relays, [
      { method: 'PUT', path: '/api/v1/bills/bill-late', ...json(makeBill({ id: 'bill-late' })) },
    ]);
    expect(answer!.status).toBe(503);
    expect(answer!.headers).toEqual(expect.arrayContaining(['Connection', 'close']));
  });
});

describe('what the fast path leaves to Express', () => {
  const req = (method: string, url: string, headers: Record<string, string> = {}) =>
    ({ method, url, headers }) as IncomingMessage;

  it('takes only the two writes in their plain form', () => {
    expect(matchBillWrite(req('PUT', '/api/v1/bills/bill-1'))).toEqual({
      route: '/api/v1/bills/:id',
      id: 'bill-1',
    });
    expect(matchBillWrite(req('PUT', '/api/v1/bills/a%20b'))?.id).toBe('a b');
    expect(matchBillWrite(req('POST', '/api/v1/bills/batch'))?.route).toBe('/api/v1/bills/batch');
    const plainType = { 'content-type': 'application/json; charset=UTF-8' };
    expect(matchBillWrite(req('PUT', '/api/v1/bills/b', plainType))).toBeDefined();
    for (const [method, url, headers] of [
      ['GET', '/api/v1/bills/bill-1', {}],
      ['POST', '/api/v1/bills/bill-1', {}],
      ['PUT', '/api/v1/bills/', {}],
      ['PUT', '/api/v1/bills/bill-1/', {}],
      ['PUT', '/api/v1/bills/a/b', {}],
      ['PUT', '/api/v1/bills/bill-1?x=1', {}],
      ['PUT', '/api/v1/bills/%E0%A4%A', {}],
      ['PUT', '/API/v1/bills/bill-1', {}],
      ['POST', '/api/v1/bills/batch?x', {}],
      ['PUT', '/api/v1/bills/bill-1', { 'content-encoding': 'gzip' }],
      ['PUT', '/api/v1/bills/bill-1', { 'content-type': 'application/json; charset=latin1' }],
      ['PUT', '/api/v1/bills/bill-1', { 'content-type': 'nonsense' }],
    ] as const) {
      expect(matchBillWrite(req(method, url, headers)), `${method} ${url}`).toBeUndefined();
    }
  });

  it('still serves every other route, and unusual writes, through the Express app', async () => {
    const relays = await pair();
    const bill = makeBill({ id: 'bill-through' });
    const answers = await expectSameAnswers(relays, [
      { method: 'PUT', path: '/api/v1/bills/bill-through?x=1', ...json(bill) },
      { method: 'GET', path: '/api/v1/bills/bill-through', ...json(undefined) },
      { method: 'PUT', path: '/api/v1/bills/%E0%A4%A', ...json(bill) },
      {
        method: 'PUT',
        path: '/api/v1/bills/bill-through',
        ...json(bill),
        headers: {
          authorization: `Bearer ${RELAY_TOKEN}`,
          'content-type': 'application/json; charset=latin1',
        },
      },
      { method: 'GET', path: '/api/v1/health' },
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([201, 200, 400, 415, 200]);
  });
});
