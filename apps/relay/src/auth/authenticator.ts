// Who is calling: a paired till, the static RELAY_TOKEN (scripts, tests) or the ADMIN_TOKEN.
// Returns typed reasons; the HTTP edge turns them into 401/403.
import type { OwnerSessions } from './owner-sessions.js';
import { secretsEqual, sha256Hex } from './secrets.js';
import type { TillRepository } from './till-repository.js';

export type Principal =
  | { kind: 'till'; tillId: string; rateKey: string }
  | { kind: 'script'; rateKey: string }
  | { kind: 'admin'; rateKey: string };

export type AuthFailure =
  /** No `Authorization: Bearer …` header: the caller has not paired (or forgot the header). */
  | 'missing_token'
  /** A token nobody issued (or a typo): never say more, the caller might be guessing. */
  | 'unknown_token'
  /** A till an admin revoked (lost or stolen tablet): it must pair again. */
  | 'revoked_token';

export type AuthResult = { ok: true; principal: Principal } | { ok: false; reason: AuthFailure };

export interface AuthenticatorOptions {
  tills: TillRepository;
  relayToken: string | undefined;
  adminToken: string | undefined;
  /** Back-office sign-in: a live owner session acts as the admin token. */
  ownerSessions?: OwnerSessions;
}

export class Authenticator {
  constructor(private readonly options: AuthenticatorOptions) {}

  /** `header` is the raw Authorization header value. */
  authenticate(header: string | undefined): AuthResult {
    const token = bearerToken(header);
    if (token === undefined) return { ok: false, reason: 'missing_token' };
    const { adminToken, relayToken, tills } = this.options;
    if (adminToken !== undefined && secretsEqual(token, adminToken)) {
      return { ok: true, principal: { kind: 'admin', rateKey: 'admin' } };
    }
    if (relayToken !== undefined && secretsEqual(token, relayToken)) {
      return { ok: true, principal: { kind: 'script', rateKey: 'relay-token' } };
    }
    if (this.options.ownerSessions?.isValid(token)) {
      return { ok: true, principal: { kind: 'admin', rateKey: 'owner' } };
    }
    const tokenHash = sha256Hex(token);
    const till = tills.findByTokenHash(tokenHash);
    if (!till) return { ok: false, reason: 'unknown_token' };
    if (till.revokedAt !== null) return { ok: false, reason: 'revoked_token' };
    return { ok: true, principal: { kind: 'till', tillId: till.tillId, rateKey: till.tillId } };
  }

  adminConfigured(): boolean {
    return this.options.adminToken !== undefined;
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1];
}
