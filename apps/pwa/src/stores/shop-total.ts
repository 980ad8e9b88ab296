// The whole shop's total for today, live from the relay's event stream (all tills together).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ServerSentEvent } from '../api/sse.js';
import { retryDelay } from '../sync/backoff.js';
import { services } from '../services.js';
import { useBillsStore } from './bills.js';
import { useCatalogStore } from './catalog.js';
import { usePairingStore } from './pairing.js';
import { useSettingsStore } from './settings.js';

export interface ShiftSummary {
  date: string;
  total: number;
  billCount: number;
  byTill: Record<string, { total: number; billCount: number }>;
}

export const useShopTotalStore = defineStore('shopTotal', () => {
  const summary = ref<ShiftSummary | null>(null);
  /** When the shown summary arrived (ISO): after a reload offline, the card says how old it is. */
  const receivedAt = ref<string | null>(null);
  const connected = ref(false);

  /** The last summary kept on the tablet, if it is about today. */
  async function load() {
    const kept = await services().db.kvGet('shopTotal');
    if (kept && kept.summary.date === useBillsStore().today()) {
      summary.value = kept.summary;
      receivedAt.value = kept.at;
    }
  }
  let controller: AbortController | null = null;

  function onEvent(event: ServerSentEvent) {
    // The owner changed the quick keys or the shop settings: fetch them now, no reload.
    if (event.event === 'catalog' || event.event === 'settings') {
      const client = usePairingStore().client;
      const store = event.event === 'catalog' ? useCatalogStore() : useSettingsStore();
      if (client) void store.refresh(client).catch(() => undefined);
      return;
    }
    if (event.event !== 'shift') return;
    let data: ShiftSummary;
    try {
      data = JSON.parse(event.data) as ShiftSummary;
    } catch {
      return;
    }
    connected.value = true;
    // Late uploads of another day also produce events; this card is about today.
    if (data.date !== useBillsStore().today()) return;
    summary.value = data;
    receivedAt.value = services().now().toISOString();
    // Losing this write costs only the offline card's figure: relaxed, and failures ignored.
    void services()
      .db.kvSet('shopTotal', { v: 1, summary: data, at: receivedAt.value }, 'relaxed')
      .catch(() => undefined);
  }

  /** Follows the stream until stop(), reconnecting with back-off. */
  function start() {
    stop();
    const current = new AbortController();
    controller = current;
    void (async () => {
      let failures = 0;
      while (!current.signal.aborted) {
        const client = usePairingStore().client;
        if (client) {
          try {
            await client.followEvents(current.signal, (event) => {
              failures = 0;
              onEvent(event);
            });
          } catch {
            // Unreachable or refused: shown as "not live"; try again below.
          }
        }
        connected.value = false;
        failures += 1;
        await sleep(Math.min(retryDelay(failures, services().random), 30_000), current.signal);
      }
    })();
  }

  function stop() {
    controller?.abort();
    controller = null;
    connected.value = false;
  }

  return { summary, receivedAt, connected, load, start, stop, onEvent };
});

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
