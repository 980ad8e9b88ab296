// Start-up of the till once this tab holds the till role: local state first (works offline),
// then everything that talks to the relay.
import { addDays } from '@caja/models';
import { KEEP_UPLOADED_DAYS, pruneUploadedBills } from './db/bill-repository.js';
import { services } from './services.js';
import { useBillsStore } from './stores/bills.js';
import { useCatalogStore } from './stores/catalog.js';
import { usePairingStore } from './stores/pairing.js';
import { usePreferencesStore } from './stores/preferences.js';
import { useSaleStore } from './stores/sale.js';
import { useSettingsStore } from './stores/settings.js';
import { useShopTotalStore } from './stores/shop-total.js';
import { useSyncStore } from './stores/sync.js';
import { useTillStatusStore } from './stores/till-status.js';

/** Everything from IndexedDB: the till can sell after this, network or not. */
export async function loadLocalState(): Promise<void> {
  // Independent reads in parallel: start-up time is what a cashier waits for after a reboot.
  await Promise.all([
    usePairingStore().load(),
    useSettingsStore().load(),
    usePreferencesStore().load(),
    useCatalogStore().load(),
  ]);
  // The day's bills need the store's time zone (settings); the draft needs the till id.
  const bills = useBillsStore();
  await Promise.all([
    bills.load(),
    bills.restoreLastSaved(),
    useSaleStore().restoreDraft(),
    useShopTotalStore().load(),
  ]);
  // Housekeeping after the screen can sell: old uploaded bills leave the tablet.
  void pruneUploadedBills(services().db, addDays(bills.day, -KEEP_UPLOADED_DAYS)).catch(
    () => undefined,
  );
}

/** Refreshes settings and catalog, starts uploads and the live total. Returns a stop function. */
export function connectToRelay(): () => void {
  const client = usePairingStore().client;
  if (client) {
    // Cached copies keep working when these fail (offline start).
    void useSettingsStore()
      .refresh(client)
      .then(() => useBillsStore().reload())
      .catch(() => undefined);
    void useCatalogStore()
      .refresh(client)
      .catch(() => undefined);
  }
  const stopSync = useSyncStore().start();
  const stopStatus = useTillStatusStore().start();
  const shopTotal = useShopTotalStore();
  shopTotal.start();
  return () => {
    stopSync();
    stopStatus();
    shopTotal.stop();
  };
}

/** Asks the browser not to evict the till's IndexedDB under storage pressure. */
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = (globalThis.navigator as Navigator | undefined)?.storage;
  if (!storage?.persist) return false;
  try {
    return (await storage.persisted()) || (await storage.persist());
  } catch {
    return false;
  }
}
