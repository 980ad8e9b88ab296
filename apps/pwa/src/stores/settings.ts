// The shop's settings from the relay (receipt header, currency, locale, threshold), cached on
// the till so it formats money and prints receipts the same way offline.
import {
  currencyFractionDigits,
  formatMoney,
  type MoneyFormat,
  type ShopSettings,
} from '@caja/models';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { RelayClient } from '../api/relay-client.js';
import { services } from '../services.js';
import { latestCall } from '../composables/latest-call.js';

/** Until the relay's settings arrive (and under a cached copy from a relay that sent no zone). */
export const DEFAULT_SETTINGS: ShopSettings = {
  shopName: '',
  address: '',
  taxId: '',
  currency: 'COP',
  locale: 'es-CO',
  largeAmountThreshold: 500_000,
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
};

export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<ShopSettings>({ ...DEFAULT_SETTINGS });

  const moneyFormat = computed<MoneyFormat>(() => ({
    currency: settings.value.currency,
    locale: settings.value.locale,
    fractionDigits: currencyFractionDigits(settings.value.currency),
  }));
  const timeZone = computed(() => settings.value.timeZone);

  function money(amount: number): string {
    return formatMoney(amount, moneyFormat.value);
  }

  async function load() {
    const cached = await services().db.kvGet('settings');
    if (cached) settings.value = { ...DEFAULT_SETTINGS, ...cached.settings };
  }

  /** Two announcements in a row: the settings asked for last are kept. */
  const refreshes = latestCall();

  /** Fetches fresh settings; keeps the cached ones when the relay is unreachable. */
  async function refresh(client: RelayClient) {
    const isLatest = refreshes.start();
    const fresh = await client.settings();
    if (!isLatest()) return;
    settings.value = { ...DEFAULT_SETTINGS, ...fresh };
    await services().db.kvSet('settings', {
      v: 1,
      settings: settings.value,
      fetchedAt: services().now().toISOString(),
    });
  }

  return { settings, moneyFormat, timeZone, money, load, refresh };
});
