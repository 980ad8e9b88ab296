// Who this till is to the relay: address, bearer token and till id, kept in IndexedDB.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { createRelayClient, type RelayClient } from '../api/relay-client.js';
import type { Pairing } from '../db/records.js';
import { services } from '../services.js';

export const usePairingStore = defineStore('pairing', () => {
  const pairing = ref<Pairing | null>(null);
  const loaded = ref(false);
  /** The relay refused our token (revoked till): selling goes on, uploads wait for a new pairing. */
  const unauthorized = ref(false);
  const client = shallowRef<RelayClient | undefined>(undefined);

  const paired = computed(() => pairing.value !== null);
  const tillId = computed(() => pairing.value?.tillId ?? '');

  /** Told the relay's clock on each answer (the till status store measures the skew). */
  const serverDateListeners = new Set<(date: Date) => void>();
  function onServerDate(listener: (date: Date) => void): () => void {
    serverDateListeners.add(listener);
    return () => serverDateListeners.delete(listener);
  }

  function use(next: Pairing | null) {
    pairing.value = next;
    client.value = next
      ? createRelayClient({
          baseUrl: next.relayUrl,
          token: next.token,
          fetch: services().fetch,
          onServerDate: (date) => {
            for (const listener of serverDateListeners) listener(date);
          },
        })
      : undefined;
  }

  async function load() {
    use((await services().db.kvGet('pairing')) ?? null);
    loaded.value = true;
  }

  /** Trades a one-time code for a token; throws RelayError with the relay's reason. */
  async function pair(input: { relayUrl: string; code: string; tillName: string }) {
    const relayUrl = input.relayUrl.trim().replace(/\/+$/, '');
    const anonymous = createRelayClient({ baseUrl: relayUrl, fetch: services().fetch });
    // Paired before (revoked since): the same relay gives this till its id back, so its numbers
    // continue and its waiting bills, which carry that id, can still be sent.
    const previous = pairing.value?.relayUrl === relayUrl ? pairing.value.tillId : undefined;
    const { token, tillId } = await anonymous.pair(
      input.code.trim(),
      input.tillName.trim(),
      previous,
    );
    const next: Pairing = {
      v: 1,
      relayUrl,
      token,
      tillId,
      tillName: input.tillName.trim(),
      pairedAt: services().now().toISOString(),
    };
    await services().db.kvSet('pairing', next, 'strict');
    unauthorized.value = false;
    use(next);
  }

  return {
    pairing,
    loaded,
    unauthorized,
    paired,
    tillId,
    client,
    load,
    pair,
    onServerDate,
    markUnauthorized: () => {
      unauthorized.value = true;
    },
  };
});
