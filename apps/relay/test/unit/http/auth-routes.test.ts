import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, makeBill, startTestRelay, type TestRelay } from './test-relay.js';

let relay: TestRelay;
afterEach(() => relay.close());

const putWith = (token?: string | null, tillId = 'till-1') => {
  const bill = makeBill({ tillId });
  return relay.request('PUT', `/api/v1/bills/${bill.id}`, { body: bill, token });
};

async function pair(code: string, tillName?: string) {
  return relay.request('POST', '/api/v1/pair', { body: { code, tillName }, token: null });
}

describe('bearer tokens', () => {
  it('answers 401 naming the problem for a missing, unknown or malformed token, storing nothing', async () => {
    relay = await startTestRelay();
    for (const [token, code] of [
      [null, 'missing_token'],
      ['caja_not-a-token-anyone-issued', 'unknown_token'],
    ] as const) {
      const answer = await putWith(token);
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe(code);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    }
    const basic = await relay.request('GET', '/api/v1/shifts/2026-11-27', {
      token: null,
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });
    expect(basic.body.error.code).toBe('missing_token');
    expect(relay.store.shift('2026-11-27').billCount).toBe(0);
  });

  it('never writes tokens to the log', async () => {
    relay = await startTestRelay();
    await putWith('caja_secret-looking-token-value-1234');
    expect(relay.logger.lines.length).toBeGreaterThan(0);
    expect(relay.logger.lines.join('\n')).not.toContain('secret-looking-token');
  });

  it('accepts RELAY_TOKEN and ADMIN_TOKEN on the API', async () => {
    relay = await startTestRelay();
    expect((await putWith(ADMIN_TOKEN)).status).toBe(201);
    expect((await putWith()).status).toBe(201); // RELAY_TOKEN default
  });
});

describe('pairing', () => {
  it('trades a one-time code for a token that works, and refuses the code a second time', async () => {
    relay = await startTestRelay();
    const { code } = await relay.relay.pairing.issueCode();
    const paired = await pair(code.toLowerCase().replace('-', ' '), 'Counter 2');
    expect(paired.status).toBe(201);
    expect(paired.body.token).toMatch(/^caja_[A-Za-z0-9_-]{43}$/);
    expect(paired.body.tillId).toMatch(/^till-[a-z0-9]{8}$/);
    expect((await putWith(paired.body.token, paired.body.tillId)).status).toBe(201);
    // Only the hash is kept.
    expect(JSON.stringify(relay.tills.list())).not.toContain(paired.body.token);

    const again = await pair(code);
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('invalid_pairing_code');
  });

  it('refuses an expired code', async () => {
    relay = await startTestRelay();
    const { code } = await relay.relay.pairing.issueCode();
    relay.clock.now = new Date(relay.clock.now.getTime() + 15 * 60 * 1000 + 1);
    expect((await pair(code)).body.error.code).toBe('invalid_pairing_code');
  });

  it('answers 400 for a body without a code or with a bad till name', async () => {
    relay = await startTestRelay();
    const { code } = await relay.relay.pairing.issueCode();
    expect(
      (await relay.request('POST', '/api/v1/pair', { body: {}, token: null })).body.error.code,
    ).toBe('invalid_request');
    for (const tillName of ['', 'x'.repeat(65), 'bad\nname', 42]) {
      const answer = await relay.request('POST', '/api/v1/pair', {
        body: { code, tillName },
        token: null,
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('invalid_till_name');
    }
    expect((await pair(code)).status).toBe(201); // the code survived the bad requests
  });

  it('limits guessing per client address', async () => {
    relay = await startTestRelay({ pairAttemptsPerMinute: 3 });
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push((await pair('AAAA-AAAA')).status);
    expect(answers).toEqual([401, 401, 401, 429]);
    const { code } = await relay.relay.pairing.issueCode();
    const limited = await pair(code);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
  });
});

describe('admin endpoints', () => {
  const admin = (method: string, path: string) =>
    relay.request(method, path, { token: ADMIN_TOKEN });

  it('issues codes, lists tills without secrets, and revokes a till (its token then gets 401)', async () => {
    relay = await startTestRelay();
    const issued = await admin('POST', '/api/v1/admin/pairing-codes');
    expect(issued.status).toBe(201);
    expect(issued.body.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(issued.body.expiresAt).toBe('2026-11-27T15:15:00.000Z');
    const paired = await pair(issued.body.code, 'Front');

    const list = await admin('GET', '/api/v1/admin/tills');
    expect(list.body.tills).toEqual([
      expect.objectContaining({
        tillId: paired.body.tillId,
        name: 'Front',
        pairedAt: '2026-11-27T15:00:00.000Z',
        revokedAt: null,
      }),
    ]);
    const revoked = await admin('DELETE', `/api/v1/admin/tills/${paired.body.tillId}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toBe('2026-11-27T15:00:00.000Z');

    const refused = await putWith(paired.body.token);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('revoked_token');
    expect((await admin('DELETE', '/api/v1/admin/tills/till-unknown')).status).toBe(404);
  });

  it('answers 403 to a till or script token, and says so when ADMIN_TOKEN is not set', async () => {
    relay = await startTestRelay();
    const script = await relay.request('GET', '/api/v1/admin/tills');
    expect(script.status).toBe(403);
    expect(script.body.error.code).toBe('admin_only');
    await relay.close();
    relay = await startTestRelay({ adminToken: undefined });
    const off = await relay.request('POST', '/api/v1/admin/pairing-codes');
    expect(off.status).toBe(403);
    expect(off.body.error.message).toContain('ADMIN_TOKEN');
  });
});

describe('per-token rate limit', () => {
  it('answers 429 past the limit, per token', async () => {
    relay = await startTestRelay({ rateLimitPerMinute: 2 });
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await putWith());
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 429]);
    const refused = answers[2]!;
    expect(refused.body.error.code).toBe('rate_limited');
    expect(refused.headers.get('ratelimit-policy')).toBe('2;w=60');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // A refused write stored nothing.
    const bill = makeBill();
    expect((await relay.request('PUT', `/api/v1/bills/${bill.id}`, { body: bill })).status).toBe(
      429,
    );
    expect(relay.store.get(bill.id as string)).toBeUndefined();
    expect((await putWith(ADMIN_TOKEN)).status).toBe(201); // another token, its own budget
  });
});
