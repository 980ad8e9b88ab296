// UUIDv7 ids (RFC 9562, section 5.7) made by the till: a 48-bit Unix-millisecond timestamp,
// version 7, 74 random bits and variant 10. Ids of one generator sort in the order they were
// made, which keeps a till's bills in order in logs and DynamoDB sort keys. Clock and randomness
// are parameters: no global Date or crypto in the pure core.

export interface UuidV7Sources {
  /** Milliseconds since the Unix epoch, e.g. Date.now. */
  now: () => number;
  /** n cryptographically random bytes, e.g. (n) => crypto.getRandomValues(new Uint8Array(n)). */
  randomBytes: (n: number) => Uint8Array;
}

const RANDOM_BITS = 74n;
const RANDOM_LIMIT = 1n << RANDOM_BITS;
const MAX_TIMESTAMP = 2 ** 48 - 1;

function bytesToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function random(sources: UuidV7Sources, n: number): bigint {
  const bytes = sources.randomBytes(n);
  if (bytes.length !== n) throw new Error(`randomBytes(${n}) returned ${bytes.length} bytes`);
  return bytesToBigInt(bytes);
}

function format(timestamp: number, randomBits: bigint): string {
  const randA = randomBits >> 62n; // 12 bits
  const randB = randomBits & ((1n << 62n) - 1n);
  const value =
    (BigInt(timestamp) << 80n) | (0x7n << 76n) | (randA << 64n) | (0b10n << 62n) | randB;
  const hex = value.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A generator of UUIDv7 strings, strictly increasing for as long as it lives. Within one
 * millisecond, or when the clock steps back, it keeps the last timestamp and adds a random
 * increment to the 74 random bits (RFC 9562 section 6.2, method 2); if those overflow it moves the
 * timestamp one millisecond on.
 */
export function createUuidV7Generator(sources: UuidV7Sources): () => string {
  let lastTimestamp = -1;
  let lastRandom = 0n;
  return () => {
    const now = Math.floor(sources.now());
    if (!Number.isSafeInteger(now) || now < 0 || now > MAX_TIMESTAMP) {
      throw new RangeError(`now() must be milliseconds since 1970 within 48 bits; got ${now}`);
    }
    let timestamp = now;
    let randomBits: bigint;
    if (now > lastTimestamp) {
      randomBits = random(sources, 10) % RANDOM_LIMIT;
    } else {
      timestamp = lastTimestamp;
      // 1 to 2^32: keeps successive ids unguessable while leaving room for 2^42 more.
      randomBits = lastRandom + random(sources, 4) + 1n;
      if (randomBits >= RANDOM_LIMIT) {
        timestamp = lastTimestamp + 1;
        randomBits = random(sources, 10) % RANDOM_LIMIT;
      }
    }
    lastTimestamp = timestamp;
    lastRandom = randomBits;
    return format(timestamp, randomBits);
  };
}

const UUID_V7 = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** The millisecond timestamp inside a UUIDv7, or undefined for anything else. */
export function uuidV7Timestamp(id: string): number | undefined {
  const match = UUID_V7.exec(id);
  return match ? Number.parseInt(`${match[1]}${match[2]}`, 16) : undefined;
}
