// Owner sessions for the back office: the owner types the owner credential (OWNER_PASSWORD, or
// ADMIN_TOKEN when no password is set) once on a device and gets a session token that expires.
// The credential itself never sits in a browser's storage; a lost phone's session runs out.
// Sessions live in memory only: a relay restart signs every owner out, which is the safe side.
import { newToken, secretsEqual, sha256Hex, type RandomBytes } from './secrets.js';

/** Twelve hours: a shift and its close, from the owner's phone, without signing in again. */
export const OWNER_SESSION_MS = 12 * 60 * 60 * 1000;
/** Bounded, so repeated sign-ins cannot grow the relay's memory without end. */
const MAX_SESSIONS = 100;

export type SignInRefusal =
  /** No owner credential configured: the back office is off, say how to turn it on. */
  | 'owner_sign_in_off'
  /** Wrong credential: never say more, the caller might be guessing. */
  | 'wrong_owner_password';

export type SignInResult =
  { ok: true; token: string; expiresAt: Date } | { ok: false; reason: SignInRefusal };

export interface OwnerSessionsOptions {
  /** What the owner types; undefined turns sign-in off. */
  credential: string | undefined;
  now: () => Date;
  random: RandomBytes;
  ttlMs?: number;
}

export class OwnerSessions {
  /** Token digest -> expiry (ms since epoch). Keys are our own hex digests, never outside data. */
  private readonly sessions = new Map<string, number>();

  constructor(private readonly options: OwnerSessionsOptions) {}

  get enabled(): boolean {
    return this.options.credential !== undefined;
  }

  signIn(password: string): SignInResult {
    const { credential, now, random } = this.options;
    if (credential === undefined) return { ok: false, reason: 'owner_sign_in_off' };
    if (!secretsEqual(password, credential)) return { ok: false, reason: 'wrong_owner_password' };
    this.removeExpired();
    if (this.sessions.size >= MAX_SESSIONS) {
      // The oldest session (first inserted) goes first.
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    const token = newToken(random);
    const expiresAt = new Date(now().getTime() + (this.options.ttlMs ?? OWNER_SESSION_MS));
    this.sessions.set(sha256Hex(token), expiresAt.getTime());
    return { ok: true, token, expiresAt };
  }

  /** True while the token is a live session; an expired one is forgotten. */
  isValid(token: string): boolean {
    const digest = sha256Hex(token);
    const expiry = this.sessions.get(digest);
    if (expiry === undefined) return false;
    if (expiry <= this.options.now().getTime()) {
      this.sessions.delete(digest);
      return false;
    }
    return true;
  }

  signOut(token: string): void {
    this.sessions.delete(sha256Hex(token));
  }

  private removeExpired(): void {
    const now = this.options.now().getTime();
    for (const [digest, expiry] of this.sessions) if (expiry <= now) this.sessions.delete(digest);
  }
}
