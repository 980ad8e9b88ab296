// A relay over in-memory twins, listening on 127.0.0.1:0, and a small request helper on fetch.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bill } from '@caja/models';
import { MemoryPairingCodeRepository } from '../../../src/auth/pairing-codes.js';
import type { RandomBytes } from '../../../src/auth/secrets.js';
import { MemoryTillRepository } from '../../../src/auth/till-repository.js';
import { buildRelay, type Relay, type RelayParts } from '../../../src/compose.js';
import { memoryLogger } from '../../../src/logging/logger.js';
import type { BillStore } from '../../../src/storage/index.js';
import { MemoryBillStore } from '../../../src/storage/index.js';

export const RELAY_TOKEN = 'relay-token-for-tests-0123456789';
export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
export const TIME_ZONE = 'America/Bogota';

/** Predictable "randomness": a counter, so tokens and codes differ but tests can repeat. */
export function counterRandom(): RandomBytes {
  let next = 0;
  return (size) => Uint8Array.from({ length: size }, () => (next++ * 37 + 11) % 256);
}

export interface TestRelay {
  url: string;
  relay: Relay;
  store: BillStore;
  tills: MemoryTillRepository;
  codes: MemoryPairingCodeRepository;
  logger: ReturnType<typeof memoryLogger>;
  clock: { now: Date };
  request(method: string, path: string, options?: RequestOptions): Promise<Answer>;
  close(): Promise<void>;
}

export interface RequestOptions {
  /** JSON-encoded unless `raw` is given. */
  body?: unknown;
  raw?: string;
  /** Bearer token; RELAY_TOKEN by default, null for none. */
  token?: string | null;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // Tests read fields freely; the assertions say what they expect.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export async function startTestRelay(overrides: Partial<RelayParts> = {}): Promise<TestRelay> {
  const clock = { now: new Date('2026-11-27T15:00:00.000Z') };
  const store = overrides.store ?? new MemoryBillStore(TIME_ZONE, () => clock.now);
  const tills = new MemoryTillRepository();
  const codes = new MemoryPairingCodeRepository();
  const logger = memoryLogger();
  const relay = buildRelay({
    store,
    timeZone: TIME_ZONE,
    tills,
    codes,
    now: () => clock.now,
    random: counterRandom(),
    logger,
    relayToken: RELAY_TOKEN,
    adminToken: ADMIN_TOKEN,
    rateLimitPerMinute: 0,
    coalesceMs: 5,
    ...overrides,
  });
  const server = createServer(relay.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    relay,
    store,
    tills,
    codes,
    logger,
    clock,
    request: (method, path, options = {}) => send(url, method, path, options),
    close: async () => {
      relay.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function send(
  url: string,
  method: string,
  path: string,
  options: RequestOptions,
): Promise<Answer> {
  const token = options.token === undefined ? RELAY_TOKEN : options.token;
  const headers: Record<string, string> = { ...options.headers };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined = options.raw;
  if (body === undefined && options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${url}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: tests that care look at text
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

let sequence = 0;
/** A valid bill of the contract's six fields (two lines), created on 2026-11-27 in Bogotá. */
export function makeBill(
  overrides: Partial<Bill> & Record<string, unknown> = {},
): Record<string, unknown> {
  sequence += 1;
  const items = [
    { id: 'SKU-1', name: 'Coffee', price: 2500, quantity: 2 },
    { id: 'SKU-2', price: 1000, quantity: 1 },
  ];
  return {
    id: `bill-${sequence}`,
    tillId: 'till-1',
    version: 1,
    createdAt: '2026-11-27T15:04:05.123Z',
    items,
    total: 6000,
    ...overrides,
  };
}
