// The product catalog behind the quick keys, cached so they work offline.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { RelayClient } from '../api/relay-client.js';
import type { CatalogItem } from '@caja/models';
import { services } from '../services.js';

export const useCatalogStore = defineStore('catalog', () => {
  const items = ref<CatalogItem[]>([]);

  async function load() {
    items.value = (await services().db.kvGet('catalog'))?.items ?? [];
  }

  async function refresh(client: RelayClient) {
    const fresh = await client.catalog();
    items.value = fresh.items;
    await services().db.kvSet('catalog', {
      v: 1,
      items: fresh.items,
      fetchedAt: services().now().toISOString(),
    });
  }

  return { items, load, refresh };
});
