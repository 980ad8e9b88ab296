// The product catalog behind the quick keys, cached so they work offline.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { RelayClient } from '../api/relay-client.js';
import type { CatalogItem } from '@caja/models';
import { services } from '../services.js';
import { latestCall } from '../composables/latest-call.js';

export const useCatalogStore = defineStore('catalog', () => {
  const items = ref<CatalogItem[]>([]);

  async function load() {
    items.value = (await services().db.kvGet('catalog'))?.items ?? [];
  }

  /** Two announcements in a row: the catalog asked for last is kept. */
  const refreshes = latestCall();

  async function refresh(client: RelayClient) {
    const isLatest = refreshes.start();
    const fresh = await client.catalog();
    if (!isLatest()) return;
    items.value = fresh.items;
    await services().db.kvSet('catalog', {
      v: 1,
      items: fresh.items,
      fetchedAt: services().now().toISOString(),
    });
  }

  return { items, load, refresh };
});
