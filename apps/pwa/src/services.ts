// What the stores need from the outside world, passed in once at start-up: the
// database, the clock, the id generator, locks and fetch. Tests provide in-memory versions.
import type { TillDb } from './db/idb.js';
import type { Locks } from './sync/locks.js';

export interface Services {
  db: TillDb;
  now: () => Date;
  newId: () => string;
  random: () => number;
  locks: Locks;
  fetch: typeof fetch;
  /** Asks the browser to wake the service worker's uploader when the network returns. */
  requestBackgroundSync: () => void;
}

let current: Services | undefined;

export function provideServices(services: Services): void {
  current = services;
}

export function services(): Services {
  if (!current) throw new Error('provideServices() must run before the stores are used');
  return current;
}
