// Past days, as the relay has them (every till of the shop): GET /api/v1/shifts/{date}.
import type { DailyShift } from '@caja/models';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { relayErrorMessage } from '../api/relay-messages.js';
import type { Message } from '../sale/messages.js';
import { usePairingStore } from './pairing.js';

export const useShiftsStore = defineStore('shifts', () => {
  const shift = shallowRef<DailyShift | null>(null);
  const loading = ref(false);
  const error = ref<Message | null>(null);

  async function load(date: string): Promise<boolean> {
    const client = usePairingStore().client;
    if (!client) return false;
    loading.value = true;
    error.value = null;
    try {
      shift.value = await client.shift(date);
      return true;
    } catch (failure) {
      shift.value = null;
      error.value = relayErrorMessage(failure);
      return false;
    } finally {
      loading.value = false;
    }
  }

  function clear() {
    shift.value = null;
    error.value = null;
  }

  return { shift, loading, error, load, clear };
});
