// Test set-up for the till: a fresh fake IndexedDB per test, a clock the test moves, ids from a
// seeded UUIDv7 generator, in-memory locks and the fake relay.
import 'fake-indexeddb/auto';
import { createUuidV7Generator, newBill, type Bill } from '@caja/models';
import { IDBFactory } from 'fake-indexeddb';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { TillDb } from '../src/db/idb.js';
import type { Pairing } from '../src/db/records.js';
import { provideServices, type Services } from '../src/services.js';
import { useSyncStore } from '../src/stores/sync.js';
import { useTillStatusStore } from '../src/stores/till-status.js';
import { memoryLocks, type Locks } from '../src/sync/locks.js';
import { FakeRelay } from './fake-relay.js';

export class TestClock {
  constructor(public current = new Date('2026-11-27T15:00:00.000Z')) {}
  now = () => new Date(this.current);
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** A new, empty IndexedDB for this test (the global factory is replaced). */
export function freshIndexedDb(): void {
  globalThis.indexedDB = new IDBFactory();
}

export async function openTestDb(errors: unknown[] = []): Promise<TillDb> {
  return TillDb.open({ name: 'caja-test', onError: (error) => errors.push(error) });
}

export function seededRandomBytes(seed = 1) {
  let state = seed;
  return (n: number) => {
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i += 1) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = state & 0xff;
    }
    return bytes;
  };
}

export interface TestWorld {
  db: TillDb;
  clock: TestClock;
  relay: FakeRelay;
  services: Services;
  pinia: Pinia;
  dbErrors: unknown[];
  backgroundSyncRequests: number;
}

let previousPinia: Pinia | undefined;

/** Services wired to fakes, a fresh Pinia, and (unless `paired: false`) a stored pairing. */
export async function createWorld(
  options: {
    paired?: boolean;
    locks?: Locks;
    db?: TillDb;
    clock?: TestClock;
    relay?: FakeRelay;
  } = {},
): Promise<TestWorld> {
  const dbErrors: unknown[] = [];
  const db = options.db ?? (await openTestDb(dbErrors));
  const clock = options.clock ?? new TestClock();
  const relay = options.relay ?? new FakeRelay();
  const world: TestWorld = {
    db,
    clock,
    relay,
    dbErrors,
    backgroundSyncRequests: 0,
    pinia: createPinia(),
    services: undefined as unknown as Services,
  };
  // An upload the previous test's till still had waiting to start must not run in this one.
  if (previousPinia) useSyncStore(previousPinia).handOverUpload();
  previousPinia = world.pinia;
  world.services = {
    db,
    now: clock.now,
    newId: createUuidV7Generator({
      now: () => clock.current.getTime(),
      randomBytes: seededRandomBytes(),
    }),
    random: () => 0.5,
    locks: options.locks ?? memoryLocks(),
    fetch: relay.fetch,
    requestBackgroundSync: () => {
      world.backgroundSyncRequests += 1;
    },
  };
  provideServices(world.services);
  setActivePinia(world.pinia);
  if (options.paired !== false) await db.kvSet('pairing', testPairing(relay));
  await db.kvSet('settings', {
    v: 1,
    settings: relay.settings,
    fetchedAt: clock.current.toISOString(),
  });
  // As at start-up (bootstrap.ts): the stores that listen to others exist before a bill is saved.
  useSyncStore();
  useTillStatusStore();
  return world;
}

export function testPairing(relay: FakeRelay): Pairing {
  return {
    v: 1,
    relayUrl: 'http://relay.test',
    token: relay.token,
    tillId: 'till-7',
    tillName: 'Caja 7',
    pairedAt: '2026-11-27T14:00:00.000Z',
  };
}

let counter = 0;
/** A closed sale of the given line prices, paid by card. */
export function saleBill(prices: number[], createdAt = '2026-11-27T15:00:00.000Z'): Bill {
  counter += 1;
  const items = prices.map((price, i) => ({ id: `SKU-${i}`, price, quantity: 1 }));
  return {
    ...newBill({ id: `bill-${counter}`, tillId: 'till-7', createdAt }),
    items,
    total: prices.reduce((a, b) => a + b, 0),
    payment: { method: 'card' },
  };
}
