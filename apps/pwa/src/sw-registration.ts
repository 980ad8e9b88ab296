// Registers the service worker (app shell offline, uploads on Background Sync) and turns a
// waiting new version into the update prompt.
import type { Pinia } from 'pinia';
import { Workbox } from 'workbox-window';
import { useAppUpdateStore } from './stores/app-update.js';

export const OUTBOX_SYNC_TAG = 'caja-outbox';

export function registerServiceWorker(pinia: Pinia): void {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  const workbox = new Workbox('/sw.js');
  workbox.addEventListener('waiting', () => {
    useAppUpdateStore(pinia).offer(() => {
      // Reload once the new worker controls the page, so page and worker match.
      workbox.addEventListener('controlling', () => window.location.reload());
      workbox.messageSkipWaiting();
    });
  });
  void workbox.register();
}

interface SyncRegistration {
  sync?: { register(tag: string): Promise<void> };
}

/** Background Sync wakes the worker's uploader when the network returns, even if we close. */
export function requestBackgroundSync(): void {
  if (!('serviceWorker' in navigator)) return;
  void navigator.serviceWorker.ready
    .then((registration) => (registration as SyncRegistration).sync?.register(OUTBOX_SYNC_TAG))
    .catch(() => undefined); // Not supported or not allowed: the page's timer covers it.
}
