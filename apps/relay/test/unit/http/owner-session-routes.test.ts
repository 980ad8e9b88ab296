import { afterEach, describe, expect, it } from 'vitest';
import { OWNER_SESSION_MS } from '../../../src/auth/owner-sessions.js';
import { ADMIN_TOKEN, startTestRelay, type TestRelay } from './test-relay.js';

let relay: TestRelay;
afterEach(() => relay.close());

const OWNER_PASSWORD = 'the owner password 42';

const signIn = (password: unknown) =>
  relay.request('POST', '/api/v1/owner/session', { body: { password }, token: null });

describe('owner sessions', () => {
  it('trades the owner password for a session that opens admin endpoints until it expires', async () => {
    relay = await startTestRelay({ ownerPassword: OWNER_PASSWORD });
    const session = await signIn(OWNER_PASSWORD);
    expect(session.status).toBe(201);
    expect(session.body.token).toMatch(/^caja_/);
    expect(session.body.token).not.toContain(OWNER_PASSWORD);
    expect(Date.parse(session.body.expiresAt) - relay.clock.now.getTime()).toBe(OWNER_SESSION_MS);

    const token = session.body.token as string;
    expect((await relay.request('GET', '/api/v1/admin/tills', { token })).status).toBe(200);

    relay.clock.now = new Date(relay.clock.now.getTime() + OWNER_SESSION_MS);
    const expired = await relay.request('GET', '/api/v1/admin/tills', { token });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('unknown_token');
  });

  it('refuses a wrong password with 401 and a malformed request with 400, issuing nothing', async () => {
    relay = await startTestRelay({ ownerPassword: OWNER_PASSWORD });
    const wrong = await signIn('not the password');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ code: 'wrong_owner_password', field: 'password' });
    expect(wrong.body.token).toBeUndefined();
    // ADMIN_TOKEN is not the owner password once OWNER_PASSWORD is set.
    expect((await signIn(ADMIN_TOKEN)).status).toBe(401);
    for (const password of [undefined, 42, '']) {
      const bad = await signIn(password);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('invalid_request');
    }
  });

  it('takes ADMIN_TOKEN as the owner credential when no password is set, and is off without either', async () => {
    relay = await startTestRelay();
    expect((await signIn(ADMIN_TOKEN)).status).toBe(201);
    await relay.close();
    relay = await startTestRelay({ adminToken: undefined });
    const off = await signIn(ADMIN_TOKEN);
    expect(off.status).toBe(403);
    expect(off.body.error.code).toBe('owner_sign_in_off');
    expect(off.body.error.message).toContain('OWNER_PASSWORD');
  });

  it('never opens the back office with a till token, and signs out', async () => {
    relay = await startTestRelay({ ownerPassword: OWNER_PASSWORD });
    const { code } = await relay.relay.pairing.issueCode();
    const paired = await relay.request('POST', '/api/v1/pair', { body: { code }, token: null });
    const tillToken = paired.body.token as string;
    const asTill = await relay.request('GET', '/api/v1/admin/tills', { token: tillToken });
    expect(asTill.status).toBe(403);
    expect((await signIn(tillToken)).status).toBe(401);

    const token = (await signIn(OWNER_PASSWORD)).body.token as string;
    expect((await relay.request('DELETE', '/api/v1/owner/session', { token })).status).toBe(204);
    expect((await relay.request('GET', '/api/v1/admin/tills', { token })).status).toBe(401);
  });

  it('limits sign-in attempts per device', async () => {
    relay = await startTestRelay({ ownerPassword: OWNER_PASSWORD, pairAttemptsPerMinute: 3 });
    for (let i = 0; i < 3; i += 1) expect((await signIn('guess')).status).toBe(401);
    const limited = await signIn(OWNER_PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.body.error.message).toContain('sign-in');
  });
});
