// What a hostile or broken till can send: another till's bills, dates no till can honestly
// have, versions that would lock a bill, bills nested a hundred thousand levels deep. Each is
// refused alone with a message naming the field, and nothing is stored.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  makeBill,
  RELAY_TOKEN,
  startTestRelay,
  type TestRelay,
} from './test-relay.js';

let relay: TestRelay;
beforeEach(async () => {
  relay = await startTestRelay();
});
afterEach(() => relay.close());

/** Pairs a till and returns its id and token. */
async function pairTill(name: string): Promise<{ tillId: string; token: string }> {
  const { code } = await relay.relay.pairing.issueCode();
  const paired = await relay.request('POST', '/api/v1/pair', {
    body: { code, tillName: name },
    token: null,
  });
  expect(paired.status).toBe(201);
  return { tillId: paired.body.tillId as string, token: paired.body.token as string };
}

const put = (bill: Record<string, unknown>, token: string) =>
  relay.request('PUT', `/api/v1/bills/${String(bill.id)}`, { body: bill, token });
const batch = (bills: unknown[], token: string) =>
  relay.request('POST', '/api/v1/bills/batch', { body: { bills }, token });

describe('a till token writes only its own till’s bills', () => {
  it('refuses a new bill of another till with 403 not_your_till, storing nothing', async () => {
    const one = await pairTill('One');
    const two = await pairTill('Two');
    const answer = await put(makeBill({ tillId: one.tillId }), two.token);
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ code: 'not_your_till', field: 'tillId' });
    expect(answer.body.error.message).toContain(two.tillId);
    expect(relay.store.shift('2026-11-27').billCount).toBe(0);
  });

  it('refuses to void or re-own an existing bill of another till, keeping it as it was', async () => {
    const one = await pairTill('One');
    const two = await pairTill('Two');
    const bill = makeBill({ tillId: one.tillId });
    expect((await put(bill, one.token)).status).toBe(201);
    const voided = { ...bill, version: 2, status: 'void' };
    expect((await put(voided, two.token)).body.error.code).toBe('not_your_till');
    // Claiming it for till two with a new version does not work either.
    const stolen = { ...bill, version: 3, tillId: two.tillId };
    const answer = await put(stolen, two.token);
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ code: 'not_your_till', field: 'id' });
    expect(relay.store.get(String(bill.id))?.bill).toMatchObject({ version: 1, status: 'closed' });
    // Its own till can still change it.
    expect((await put({ ...bill, version: 2 }, one.token)).status).toBe(200);
  });

  it('answers per bill in a batch: own bills stored, others refused', async () => {
    const one = await pairTill('One');
    const two = await pairTill('Two');
    const mine = makeBill({ tillId: two.tillId });
    const theirs = makeBill({ tillId: one.tillId });
    const answer = await batch([mine, theirs], two.token);
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r: { status: number }) => r.status)).toEqual([201, 403]);
    expect(answer.body.results[1].error.code).toBe('not_your_till');
    expect(relay.store.get(String(theirs.id))).toBeUndefined();
  });

  it('leaves RELAY_TOKEN and ADMIN_TOKEN full rights over every till', async () => {
    const one = await pairTill('One');
    const bill = makeBill({ tillId: one.tillId });
    expect((await put(bill, one.token)).status).toBe(201);
    expect((await put({ ...bill, version: 2 }, RELAY_TOKEN)).status).toBe(200);
    expect((await put({ ...bill, version: 3, status: 'void' }, ADMIN_TOKEN)).status).toBe(200);
    expect((await put(makeBill({ tillId: 'any-till' }), RELAY_TOKEN)).status).toBe(201);
  });
});

describe('versions', () => {
  it('refuses a version that would leave no room for the next edit', async () => {
    const bill = makeBill({ version: 2 ** 53 - 1 });
    const answer = await put(bill, RELAY_TOKEN);
    expect(answer.status).toBe(422);
    expect(answer.body.error.field).toBe('version');
    expect(relay.store.get(String(bill.id))).toBeUndefined();
  });
});

describe('dates a till cannot honestly have', () => {
  it('refuses bills before 2000 or more than two days ahead of the relay, naming createdAt', async () => {
    // The test relay's clock reads 2026-11-27T15:00Z.
    for (const createdAt of [
      '0999-06-01T12:00:00Z',
      '1999-12-31T12:00:00Z',
      '2026-11-29T15:00:01Z',
    ]) {
      const answer = await put(makeBill({ createdAt }), RELAY_TOKEN);
      expect(answer.status, createdAt).toBe(422);
      expect(answer.body.error.field).toBe('createdAt');
      expect(answer.body.error.message).toMatch(/^createdAt must be/);
    }
    expect((await put(makeBill({ createdAt: '2026-11-29T14:59:00Z' }), RELAY_TOKEN)).status).toBe(
      201,
    );
  });

  it('sends a Date header on every answer, which tills compare with their clock', async () => {
    const answer = await relay.request('GET', '/api/v1/health', { token: null });
    const date = answer.headers.get('date');
    expect(date).toMatch(/GMT$/);
    expect(Math.abs(Date.parse(date!) - Date.now())).toBeLessThan(60_000);
  });
});

describe('deeply nested JSON', () => {
  /** JSON text nested `levels` lists deep (built as text: JSON.stringify would overflow here). */
  const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
  const raw = (text: string, path: string, method: string) =>
    relay.request(method, path, { raw: text, headers: { 'content-type': 'application/json' } });

  it('refuses one deeply nested bill of a batch alone, storing the others', async () => {
    const good = makeBill();
    const nested = JSON.stringify({ ...makeBill(), items: [] }).replace(
      '"items":[]',
      `"items":[{"id":"a","price":1,"quantity":1,"name":${deep(100_000)}}]`,
    );
    const text = `{"bills":[${JSON.stringify(good)},${nested},${deep(50_000)}]}`;
    const answer = await raw(text, '/api/v1/bills/batch', 'POST');
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r: { status: number }) => r.status)).toEqual([201, 422, 400]);
    expect(answer.body.results[1].error.message).toContain('nests deeper');
    expect(relay.store.get(String(good.id))).toBeDefined();
  });

  it('refuses a deeply nested single bill with 422', async () => {
    const bill = makeBill();
    const text = JSON.stringify(bill).replace(
      /}$/,
      `,"payment":{"method":"other","note":${deep(100_000)}}}`,
    );
    const answer = await raw(text, `/api/v1/bills/${String(bill.id)}`, 'PUT');
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('invalid_bill');
    expect(relay.store.get(String(bill.id))).toBeUndefined();
  });
});
