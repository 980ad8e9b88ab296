// Past days, as the relay has them (every till of the shop): GET /api/v1/shifts/{date}.
import type { DailyShift } from '@caja/models';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { relayErrorMessage } from '../api/relay-messages.js';
import type { Message } from '../sale/messages.js';
import type { RelayClient } from '../api/relay-client.js';
import { latestCall } from '../composables/latest-call.js';
import { usePairingStore } from './pairing.js';

/** A past day's bills asked about one by one: bounded, and a few at a time, for 64 tills. */
const MAX_PLACE_QUERIES = 200;
const PLACE_QUERIES_AT_ONCE = 8;

export const useShiftsStore = defineStore('shifts', () => {
  const shift = shallowRef<DailyShift | null>(null);
  const loading = ref(false);
  const error = ref<Message | null>(null);

  /** Where each bill of the shown day is, as the relay says (GET /bills/{id}), filled in as known. */
  const places = ref(new Map<string, 'relay' | 'cloud'>());

  /** The day asked for last is the one shown; back to today makes any answer in flight stale. */
  const loads = latestCall();

  /**
   * Shows `date`: 'shown', 'failed' (error says why), or 'replaced' when another day was asked
   * for, or today's list went back on screen, before the answer came.
   */
  async function load(date: string): Promise<'shown' | 'failed' | 'replaced'> {
    const client = usePairingStore().client;
    if (!client) return 'failed';
    const isLatest = loads.start();
    loading.value = true;
    error.value = null;
    try {
      const answer = await client.shift(date);
      if (!isLatest()) return 'replaced';
      shift.value = answer;
      places.value = new Map();
      void askPlaces(client, answer.bills.slice(0, MAX_PLACE_QUERIES));
      return 'shown';
    } catch (failure) {
      if (!isLatest()) return 'replaced';
      shift.value = null;
      error.value = relayErrorMessage(failure);
      return 'failed';
    } finally {
      if (isLatest()) loading.value = false;
    }
  }

  async function askPlaces(client: RelayClient, bills: readonly { id: string }[]) {
    const shown = shift.value;
    for (let start = 0; start < bills.length; start += PLACE_QUERIES_AT_ONCE) {
      const answers = await Promise.all(
        bills
          .slice(start, start + PLACE_QUERIES_AT_ONCE)
          .map((bill) => client.getBill(bill.id).catch(() => undefined)),
      );
      if (shift.value !== shown) return; // another day is shown now
      const next = new Map(places.value);
      for (const answer of answers) {
        if (answer) next.set(answer.bill.id, answer.sync === 'synced' ? 'cloud' : 'relay');
      }
      places.value = next;
    }
  }

  function clear() {
    loads.supersede();
    loading.value = false;
    shift.value = null;
    error.value = null;
  }

  return { shift, loading, error, places, load, clear };
});
