import { describe, expect, it } from 'vitest';
import { Authenticator } from '../../../src/auth/authenticator.js';
import { MemoryPairingCodeRepository } from '../../../src/auth/pairing-codes.js';
import {
  hashPairingCode,
  newPairingCode,
  PAIRING_ALPHABET,
  secureRandomBytes,
} from '../../../src/auth/secrets.js';
import { MemoryTillRepository } from '../../../src/auth/till-repository.js';
import { PairingService } from '../../../src/services/pairing-service.js';
import { counterRandom } from '../http/test-relay.js';

function setup() {
  const clock = { now: new Date('2026-11-27T10:00:00Z') };
  const tills = new MemoryTillRepository();
  const codes = new MemoryPairingCodeRepository();
  const service = new PairingService({
    tills,
    codes,
    now: () => clock.now,
    random: counterRandom(),
  });
  const auth = new Authenticator({ tills, relayToken: undefined, adminToken: undefined });
  return { clock, tills, codes, service, auth };
}

describe('pairing codes', () => {
  it('are 8 symbols of the unambiguous alphabet', () => {
    for (let i = 0; i < 200; i += 1) {
      const code = newPairingCode(secureRandomBytes);
      expect(code).toMatch(/^[A-Z2-9]{8}$/);
      expect(code).not.toMatch(/[01OIL]/);
      expect([...code].every((c) => PAIRING_ALPHABET.includes(c))).toBe(true);
    }
  });

  it('never uses bytes that would bias the first symbols', () => {
    // Only bytes ≥ 248 then a usable one: rejection sampling must skip the first ones.
    const bytes = [255, 250, 248, 0, 1, 2, 3, 4, 5, 6, 7];
    let index = 0;
    const code = newPairingCode((size) =>
      Uint8Array.from({ length: size }, () => bytes[index++ % bytes.length]!),
    );
    expect(code).toBe('ABCDEFGH');
  });

  it('are stored only as a hash, and are matched whatever the case, spaces or dash', async () => {
    const { service, codes } = setup();
    const { code } = await service.issueCode();
    expect([...codes.codes.keys()]).toEqual([hashPairingCode(code)]);
    expect(JSON.stringify([...codes.codes])).not.toContain(code.replace('-', ''));
    const result = await service.pair({ code: ` ${code.toLowerCase().replace('-', ' ')} ` });
    expect(result.ok).toBe(true);
  });
});

describe('PairingService.pair', () => {
  it('gives a token that authenticates as the new till; the code then no longer works', async () => {
    const { service, auth } = setup();
    const { code } = await service.issueCode();
    const result = await service.pair({ code, tillName: ' Front desk ' });
    if (!result.ok) throw new Error(result.message);
    expect(auth.authenticate(`Bearer ${result.token}`)).toEqual({
      ok: true,
      principal: { kind: 'till', tillId: result.tillId, rateKey: result.tillId },
    });
    expect(service.listTills()[0]).toMatchObject({ tillId: result.tillId, name: 'Front desk' });
    expect(await service.pair({ code })).toMatchObject({
      ok: false,
      reason: 'invalid_pairing_code',
    });
  });

  it('refuses expired codes and codes outside the alphabet without touching the store', async () => {
    const { service, clock, codes } = setup();
    const { code, expiresAt } = await service.issueCode();
    expect(expiresAt.toISOString()).toBe('2026-11-27T10:15:00.000Z');
    clock.now = expiresAt;
    expect(await service.pair({ code })).toMatchObject({
      ok: false,
      reason: 'invalid_pairing_code',
    });
    expect(await service.pair({ code: '0000-OOOO' })).toMatchObject({
      reason: 'invalid_pairing_code',
    });
    expect(codes.codes.size).toBe(0);
  });

  it('revokes: the token then fails as revoked', async () => {
    const { service, auth } = setup();
    const result = await service.pair({ code: (await service.issueCode()).code });
    if (!result.ok) throw new Error(result.message);
    expect((await service.revoke(result.tillId))?.revokedAt).toBe('2026-11-27T10:00:00.000Z');
    expect(auth.authenticate(`Bearer ${result.token}`)).toEqual({
      ok: false,
      reason: 'revoked_token',
    });
    expect(await service.revoke('till-nobody')).toBeUndefined();
  });

  it('gives a revoked till its id back on the same device, and an active till’s id to nobody', async () => {
    const { service, auth } = setup();
    const pair = async (body: object) => {
      const result = await service.pair({ code: (await service.issueCode()).code, ...body });
      if (!result.ok) throw new Error(result.message);
      return result;
    };
    const first = await pair({ tillName: 'Caja 1' });
    // Claiming an active till's id makes a new till: two devices must never number as one.
    const second = await pair({ tillName: 'Caja 2', tillId: first.tillId });
    expect(second.tillId).not.toBe(first.tillId);
    expect(auth.authenticate(`Bearer ${first.token}`).ok).toBe(true);

    await service.revoke(first.tillId);
    const again = await pair({ tillName: 'Caja 1', tillId: first.tillId });
    expect(again.tillId).toBe(first.tillId);
    expect(auth.authenticate(`Bearer ${again.token}`)).toMatchObject({
      ok: true,
      principal: { tillId: first.tillId },
    });
    expect(auth.authenticate(`Bearer ${first.token}`).ok).toBe(false);
    expect(service.listTills().filter((t) => t.tillId === first.tillId)).toEqual([
      expect.objectContaining({ name: 'Caja 1', revokedAt: null }),
    ]);

    // A wiped tablet knows no id: a new till. An unknown id: a new till too.
    const wiped = await pair({ tillName: 'Caja 1' });
    const unknown = await pair({ tillId: 'till-nobody' });
    expect(new Set([first.tillId, second.tillId, wiped.tillId, unknown.tillId]).size).toBe(4);
    expect(
      await service.pair({ code: (await service.issueCode()).code, tillId: '../etc' }),
    ).toMatchObject({ ok: false, reason: 'invalid_request', field: 'tillId' });
  });
});

describe('Authenticator', () => {
  it('tells missing, unknown and static tokens apart', () => {
    const auth = new Authenticator({
      tills: new MemoryTillRepository(),
      relayToken: 'relay-token-0123456789',
      adminToken: 'admin-token-0123456789',
    });
    expect(auth.authenticate(undefined)).toEqual({ ok: false, reason: 'missing_token' });
    expect(auth.authenticate('Bearer')).toEqual({ ok: false, reason: 'missing_token' });
    expect(auth.authenticate('Bearer nope')).toEqual({ ok: false, reason: 'unknown_token' });
    expect(auth.authenticate('bearer relay-token-0123456789')).toMatchObject({
      ok: true,
      principal: { kind: 'script' },
    });
    expect(auth.authenticate('Bearer admin-token-0123456789')).toMatchObject({
      principal: { kind: 'admin' },
    });
  });
});
