// The service worker's uploader: the same drainOutbox as the page, fed from IndexedDB.
import { createRelayClient } from '../api/relay-client.js';
import { TillDb } from '../db/idb.js';
import { DB_VERSION } from '../db/schema.js';
import { defaultLocks } from '../sync/locks.js';
import { drainOutbox, type DrainReport } from '../sync/uploader.js';

export async function uploadFromWorker(): Promise<DrainReport | undefined> {
  let db: TillDb;
  try {
    db = await TillDb.open({
      onError: (error, context) => console.warn(`Caja worker IndexedDB ${context}`, error),
    });
  } catch {
    // An older worker facing a newer schema (VersionError): the page uploads instead.
    return undefined;
  }
  try {
    if (db.version !== DB_VERSION) return undefined;
    return await drainOutbox({
      db,
      locks: defaultLocks(),
      now: Date.now,
      random: Math.random,
      uploader: async () => {
        const pairing = await db.kvGet('pairing');
        return pairing
          ? createRelayClient({ baseUrl: pairing.relayUrl, token: pairing.token })
          : undefined;
      },
    });
  } finally {
    db.close();
  }
}
