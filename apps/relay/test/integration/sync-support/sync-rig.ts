// A sync (built by createSync, the factory main.ts uses) over an in-memory store and journal,
// writing through the fault proxy into dynalite, with short timings for tests.
import { MemoryBillStore } from '../../../src/storage/index.js';
import { createSync, type CreateSyncOptions, type Sync } from '../../../src/sync/index.js';
import { MemoryJournal, ZONE, tempDir, testLogger } from '../../unit/sync/helpers.js';
import type { DynamoRig } from './dynamo-rig.js';

export const TABLE = 'caja_sync_test';

export interface SyncRig {
  store: MemoryBillStore;
  journal: MemoryJournal;
  dataDir: string;
  logger: ReturnType<typeof testLogger>;
  sync: Sync;
  /** Stops this sync and starts a new one over the same store, journal and DATA_DIR. */
  restart(): Promise<Sync>;
}

export async function startSyncRig(
  dynamo: DynamoRig | undefined,
  overrides: Partial<CreateSyncOptions> = {},
): Promise<SyncRig> {
  const store = new MemoryBillStore(ZONE);
  const journal = new MemoryJournal(store);
  const dataDir = tempDir();
  const logger = testLogger();
  const make = () =>
    createSync({
      store,
      journal,
      dataDir,
      timeZone: ZONE,
      logger,
      storeId: 'store-1',
      tableName: TABLE,
      endpoint: dynamo?.proxy.endpoint,
      region: undefined,
      env: {},
      timeToSyncSeconds: 0.2,
      alertWebhookUrl: undefined,
      retry: { baseMs: 10, capMs: 100, attempts: 3 },
      breaker: { consecutiveFailures: 5, cooldownMs: 300 },
      batchSize: 50,
      concurrency: 8,
      requestTimeoutMs: 400,
      checkIntervalSeconds: 60,
      ...overrides,
    });
  const rig: SyncRig = {
    store,
    journal,
    dataDir,
    logger,
    sync: make(),
    async restart() {
      await rig.sync.stop();
      rig.sync = make();
      await rig.sync.start();
      return rig.sync;
    },
  };
  await rig.sync.start();
  return rig;
}

/** Waits until `condition` holds, polling; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
