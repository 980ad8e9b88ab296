// The owner's session on this device: the relay-issued token and when it expires. Kept in
// localStorage so the phone stays signed in across reloads until the relay's expiry, never the
// password itself.
const KEY = 'caja-office-session';

export interface OwnerSession {
  token: string;
  expiresAt: string;
}

export function loadSession(now: Date = new Date()): OwnerSession | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<OwnerSession>;
    if (typeof parsed.token !== 'string' || typeof parsed.expiresAt !== 'string') return null;
    if (Date.parse(parsed.expiresAt) <= now.getTime()) return null;
    return { token: parsed.token, expiresAt: parsed.expiresAt };
  } catch {
    return null;
  }
}

export function saveSession(session: OwnerSession | null): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}
