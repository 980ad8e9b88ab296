/// <reference lib="webworker" />
// The till's service worker: precache the app shell and serve it for navigations, so the till
// opens with the network off. It never caches /api/: bills live in IndexedDB, not the Cache API.
// On Background Sync it drains the outbox, so bills go up even after the tab was closed.
import { clientsClaim } from 'workbox-core';
import {
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { uploadFromWorker } from './upload.js';

declare const self: ServiceWorkerGlobalScope;

/** Must match OUTBOX_SYNC_TAG in ../sw-registration.ts. */
const OUTBOX_SYNC_TAG = 'caja-outbox';

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance: boolean;
}

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Control the page that installed us at once: on a first visit, screens loaded later (the Today
// view is a separate chunk) must come from the cache too if the network drops before a reload.
// Updates still wait for the page's SKIP_WAITING, so this never swaps code under an open bill.
clientsClaim();
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }),
);

// The page decides when to update (never while a bill is open): it posts SKIP_WAITING.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

self.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag !== OUTBOX_SYNC_TAG) return;
  sync.waitUntil(
    uploadFromWorker().then((report) => {
      // Rejecting asks the browser to fire the sync again later (with its own back-off).
      if (report && report.waiting > 0 && report.outcome !== 'busy') {
        throw new Error(`${report.waiting} bills still waiting (${report.outcome})`);
      }
    }),
  );
});
