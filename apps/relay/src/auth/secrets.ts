// Tokens and pairing codes: how they are made, written and hashed. Only hashes are stored, so a
// copy of DATA_DIR (a backup, a stolen USB stick) does not let anyone upload bills.
import { hash, randomBytes as cryptoRandomBytes, timingSafeEqual } from 'node:crypto';

/** Source of randomness, a parameter so tests can make predictable tokens and codes. */
export type RandomBytes = (size: number) => Uint8Array;
export const secureRandomBytes: RandomBytes = (size) => cryptoRandomBytes(size);

/** 256 random bits: far beyond guessing, even at the rate limit's ceiling for years. */
const TOKEN_BYTES = 32;
export const TOKEN_PREFIX = 'caja_';

export function newToken(random: RandomBytes): string {
  return TOKEN_PREFIX + Buffer.from(random(TOKEN_BYTES)).toString('base64url');
}

export function sha256Hex(text: string): string {
  return hash('sha256', text);
}

/** Compares two secrets in time independent of where they differ (hashing equalises lengths). */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(cachedDigest(a), cachedDigest(b));
}

/**
 * Every authenticated request compares the presented token with RELAY_TOKEN and ADMIN_TOKEN:
 * a handful of tokens, presented thousands of times a second under load, so their digests are
 * kept. Bounded: random guesses only make it start over.
 */
const digestCache = new Map<string, Buffer>();
const DIGEST_CACHE_SIZE = 256;

function cachedDigest(text: string): Buffer {
  let digest = digestCache.get(text);
  if (digest === undefined) {
    digest = hash('sha256', text, 'buffer');
    if (digestCache.size >= DIGEST_CACHE_SIZE) digestCache.clear();
    digestCache.set(text, digest);
  }
  return digest;
}

/**
 * Pairing codes are read off a screen and typed on a tablet: no 0/O, 1/I/L, and upper case
 * only. 31 symbols, 8 of them: 8.5 × 10^11 codes, against 10 guesses a minute per address for the
 * 15 minutes a code lives.
 */
export const PAIRING_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const PAIRING_CODE_LENGTH = 8;

export function newPairingCode(random: RandomBytes): string {
  let code = '';
  // Rejection sampling: bytes ≥ 248 (8 × 31) would favour the first symbols.
  while (code.length < PAIRING_CODE_LENGTH) {
    for (const byte of random(16)) {
      if (byte < 248 && code.length < PAIRING_CODE_LENGTH) {
        code += PAIRING_ALPHABET[byte % PAIRING_ALPHABET.length];
      }
    }
  }
  return code;
}

/** "ABCD-EFGH" for reading aloud and typing. */
export function displayPairingCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What the person typed, as the code it means: case, spaces and dashes do not matter. */
export function normalizePairingCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

export function hashPairingCode(code: string): string {
  return sha256Hex(`pairing:${normalizePairingCode(code)}`);
}

const TILL_ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
/** `till-` and 8 random symbols: fits the contract's id alphabet, short enough for receipts. */
export function newTillId(random: RandomBytes): string {
  let id = 'till-';
  for (const byte of random(8)) id += TILL_ID_ALPHABET[byte % TILL_ID_ALPHABET.length];
  return id;
}
