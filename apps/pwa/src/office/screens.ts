// The back office's screens, each its own chunk, loaded when first opened.
import { defineAsyncComponent, type Component } from 'vue';
import type { OfficeKey } from './messages.js';

export const SCREENS = [
  'now',
  'close',
  'reports',
  'exceptions',
  'catalog',
  'tills',
  'settings',
] as const;
export type Screen = (typeof SCREENS)[number];

export const SCREEN_COMPONENTS: Record<Screen, Component> = {
  now: defineAsyncComponent(() => import('./screens/NowScreen.vue')),
  close: defineAsyncComponent(() => import('./screens/CloseScreen.vue')),
  reports: defineAsyncComponent(() => import('./screens/ReportsScreen.vue')),
  exceptions: defineAsyncComponent(() => import('./screens/ExceptionsScreen.vue')),
  catalog: defineAsyncComponent(() => import('./screens/CatalogScreen.vue')),
  tills: defineAsyncComponent(() => import('./screens/TillsScreen.vue')),
  settings: defineAsyncComponent(() => import('./screens/SettingsScreen.vue')),
};

export const SCREEN_TITLES: Record<Screen, OfficeKey> = {
  now: 'nav.now',
  close: 'nav.close',
  reports: 'nav.reports',
  exceptions: 'nav.exceptions',
  catalog: 'nav.catalog',
  tills: 'nav.tills',
  settings: 'nav.settings',
};

/** "#reports" → reports; anything else → now. */
export function screenOf(hash: string): Screen {
  const name = hash.replace(/^#\/?/, '');
  return (SCREENS as readonly string[]).includes(name) ? (name as Screen) : 'now';
}
