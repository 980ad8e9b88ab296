// The one place the relay's bill store is created. serve.ts and the storage sub-commands call it.
import type { RelayConfig } from '../config.js';
import type { StorageHealth } from '../http/routes/system-routes.js';
import type { Logger } from '../logging/logger.js';
import type { BillStore } from './bill-store.js';
import { MemoryBillStore } from './memory-bill-store.js';

export interface OpenedStore {
  store: BillStore;
  health(): StorageHealth;
  gauges?(): Record<string, number>;
}

export async function openStore(
  config: RelayConfig,
  logger: Logger,
  _now: () => Date,
): Promise<OpenedStore> {
  // Until the durable engine (src/storage) lands: bills live in memory only.
  logger.warn('storage is IN MEMORY: bills are lost when the relay stops', {
    dataDir: config.dataDir,
  });
  const store = new MemoryBillStore(config.timeZone);
  return { store, health: () => ({ state: 'ok', durable: false }) };
}
