// Pairing: a person reads a one-time code off the relay's console (or an admin asks for one) and
// types it on the till; the till trades it for a long random token. Codes expire and work once.
import {
  displayPairingCode,
  hashPairingCode,
  newPairingCode,
  newTillId,
  newToken,
  normalizePairingCode,
  PAIRING_ALPHABET,
  PAIRING_CODE_LENGTH,
  sha256Hex,
  type RandomBytes,
} from '../auth/secrets.js';
import { parseBillId } from '@caja/models';
import type { PairingCodeRepository } from '../auth/pairing-codes.js';
import type { TillRecord, TillRepository } from '../auth/till-repository.js';

export const PAIRING_CODE_TTL_MS = 15 * 60 * 1000;
export const TILL_NAME_MAX_LENGTH = 64;

export type PairingRejection =
  /** Body is not an object with a string code: a client bug, not a guess. */
  | 'invalid_request'
  /** tillName must be short printable text: it is shown in admin lists and logs. */
  | 'invalid_till_name'
  /**
   * Unknown, used or expired code. One answer for all three on purpose: a guesser must learn
   * nothing about which codes exist.
   */
  | 'invalid_pairing_code';

export type PairResult =
  | { ok: true; token: string; tillId: string }
  | { ok: false; reason: PairingRejection; message: string; field: string };

export interface IssuedCode {
  /** As shown to people: ABCD-EFGH. */
  code: string;
  expiresAt: Date;
}

export interface PairingServiceOptions {
  tills: TillRepository;
  codes: PairingCodeRepository;
  now: () => Date;
  random: RandomBytes;
  codeTtlMs?: number;
}

export class PairingService {
  private readonly revocationListeners = new Set<(tillId: string) => void>();

  constructor(private readonly options: PairingServiceOptions) {}

  /** Called with a till's id once it is revoked (its live streams close). */
  onRevoked(listener: (tillId: string) => void): () => void {
    this.revocationListeners.add(listener);
    return () => this.revocationListeners.delete(listener);
  }

  async issueCode(): Promise<IssuedCode> {
    const { codes, now, random, codeTtlMs = PAIRING_CODE_TTL_MS } = this.options;
    const code = newPairingCode(random);
    const expiresAt = new Date(now().getTime() + codeTtlMs);
    await codes.save(hashPairingCode(code), expiresAt);
    return { code: displayPairingCode(code), expiresAt };
  }

  async pair(body: unknown): Promise<PairResult> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return reject(
        'invalid_request',
        '',
        'The body must be a JSON object like {"code": "ABCD-EFGH"}',
      );
    }
    const {
      code,
      tillName,
      tillId: previousTillId,
    } = body as {
      code?: unknown;
      tillName?: unknown;
      tillId?: unknown;
    };
    if (typeof code !== 'string' || code.length > 32) {
      return reject('invalid_request', 'code', 'code must be the pairing code shown by the relay');
    }
    if (tillName !== undefined && !isTillName(tillName)) {
      return reject(
        'invalid_till_name',
        'tillName',
        `tillName must be 1 to ${TILL_NAME_MAX_LENGTH} printable characters`,
      );
    }
    if (
      previousTillId !== undefined &&
      (typeof previousTillId !== 'string' || !parseBillId(previousTillId).ok)
    ) {
      return reject(
        'invalid_request',
        'tillId',
        'tillId must be the id this till had before it was revoked, or absent',
      );
    }
    const normalized = normalizePairingCode(code);
    const wellFormed =
      normalized.length === PAIRING_CODE_LENGTH &&
      [...normalized].every((symbol) => PAIRING_ALPHABET.includes(symbol));
    const { codes, tills, now, random } = this.options;
    // Taking the code first uses it up even if it turns out expired: simpler, and harmless.
    const expiresAt = wellFormed ? await codes.take(hashPairingCode(normalized)) : undefined;
    if (!expiresAt || expiresAt <= now()) {
      return reject(
        'invalid_pairing_code',
        'code',
        'This pairing code is unknown, already used or expired. Ask for a new one on the relay ' +
          '(it prints one at start-up; `node apps/relay/dist/main.js pair` prints another).',
      );
    }
    const token = newToken(random);
    // A revoked till paired again on the same device gets its id back: its numbers go on where
    // they stopped and the bills still waiting on it (they carry that id) can be sent. Anything
    // else, a wiped tablet included, is a new till counting from 1. An active till's id is never
    // handed to a second device: two devices numbering as one till would reuse numbers.
    const previous = typeof previousTillId === 'string' ? tills.find(previousTillId) : undefined;
    let tillId = previous?.revokedAt ? previous.tillId : newTillId(random);
    if (!previous?.revokedAt) while (tills.find(tillId)) tillId = newTillId(random);
    const record: TillRecord = {
      tillId,
      name: typeof tillName === 'string' ? tillName.trim() : (previous?.name ?? tillId),
      tokenHash: sha256Hex(token),
      pairedAt: now().toISOString(),
      revokedAt: null,
    };
    await tills.add(record);
    return { ok: true, token, tillId };
  }

  listTills(): PublicTill[] {
    return this.options.tills.list().map(publicTill);
  }

  /** A new display name for a paired till (receipts and screens show it). */
  async rename(tillId: string, body: unknown): Promise<RenameResult> {
    const name = (body as { name?: unknown } | null)?.name;
    if (typeof body !== 'object' || body === null || !isTillName(name)) {
      return reject(
        'invalid_till_name',
        'name',
        `name must be 1 to ${TILL_NAME_MAX_LENGTH} printable characters`,
      );
    }
    const till = await this.options.tills.rename(tillId, name.trim());
    return till ? { ok: true, till: publicTill(till) } : { ok: false, reason: 'till_not_found' };
  }

  async revoke(tillId: string): Promise<PublicTill | undefined> {
    const till = await this.options.tills.revoke(tillId, this.options.now().toISOString());
    if (till) for (const listener of this.revocationListeners) listener(till.tillId);
    return till && publicTill(till);
  }
}

/** 1 to 64 printable characters: a name a cashier can read on a receipt. */
function isTillName(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name.trim() !== '' &&
    name.length <= TILL_NAME_MAX_LENGTH &&
    !/\p{Cc}/u.test(name)
  );
}

export type RenameResult =
  | { ok: true; till: PublicTill }
  | { ok: false; reason: 'till_not_found' }
  | Extract<PairResult, { ok: false }>;

/** A till as admins see it: never the token hash. */
export interface PublicTill {
  tillId: string;
  name: string;
  pairedAt: string;
  revokedAt: string | null;
}

function publicTill({ tillId, name, pairedAt, revokedAt }: TillRecord): PublicTill {
  return { tillId, name, pairedAt, revokedAt };
}

function reject(
  reason: PairingRejection,
  field: string,
  message: string,
): Extract<PairResult, { ok: false }> {
  return { ok: false, reason, field, message };
}
