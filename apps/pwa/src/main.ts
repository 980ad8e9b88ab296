import { createUuidV7Generator } from '@caja/models';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { requestPersistentStorage } from './bootstrap.js';
import { TillDb } from './db/idb.js';
import { provideServices } from './services.js';
import { useNoticesStore } from './stores/notices.js';
import { registerServiceWorker, requestBackgroundSync } from './sw-registration.js';
import { defaultLocks } from './sync/locks.js';
import './styles.css';

/** The back office lives under /office: its own chunk, which a till never downloads. */
const OFFICE_PATH = /^\/office(?:\/|$)/;

async function main() {
  if (OFFICE_PATH.test(window.location.pathname)) {
    const { mountOffice } = await import('./office/main.js');
    mountOffice('#app');
    return;
  }
  const pinia = createPinia();
  const app = createApp(App).use(pinia);
  const notices = useNoticesStore(pinia);
  const db = await TillDb.open({
    onError: (error, context) => {
      console.error(`IndexedDB ${context}`, error);
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      notices.error('error.storage', { reason });
    },
    // A newer version of the app upgraded the database in another tab: reload into it.
    onVersionChange: () => window.location.reload(),
  });
  provideServices({
    db,
    now: () => new Date(),
    newId: createUuidV7Generator({
      now: Date.now,
      randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
    }),
    random: Math.random,
    locks: defaultLocks(),
    fetch: (input, init) => fetch(input, init),
    requestBackgroundSync,
  });
  app.mount('#app');
  void requestPersistentStorage();
  registerServiceWorker(pinia);
}

main().catch((error: unknown) => {
  console.error(error);
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const root = document.getElementById('app');
  if (root) {
    root.innerHTML = '';
    const box = document.createElement('p');
    box.setAttribute('role', 'alert');
    box.style.cssText =
      'margin:2rem;padding:1rem;background:#fde7e6;color:#8c1d18;font-size:1.2rem';
    box.textContent = `Caja cannot start: ${message}`;
    root.append(box);
  }
});
