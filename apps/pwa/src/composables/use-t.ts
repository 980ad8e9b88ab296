// Translation in components: t('sell.total'), in the till's language.
import { computed } from 'vue';
import { relayMessage } from '../api/relay-messages.js';
import type { Rejection } from '../db/records.js';
import { languageOf, translate, type MessageKey, type Params } from '../i18n/index.js';
import { billNumber } from '../sale/messages.js';
import { usePairingStore } from '../stores/pairing.js';
import { usePreferencesStore } from '../stores/preferences.js';
import { useSettingsStore } from '../stores/settings.js';

export function useT() {
  const preferences = usePreferencesStore();
  const settings = useSettingsStore();
  const language = computed(() => preferences.language ?? languageOf(settings.settings.locale));
  const t = (key: MessageKey, params?: Params) => translate(language.value, key, params);
  /** A set-aside bill's reason, in the cashier's language, with what to do. */
  const rejectionText = (rejection: Rejection | undefined) => {
    if (!rejection) return '';
    const message = relayMessage(rejection.code, rejection.status);
    return t(message.key, message.params);
  };
  const pairing = usePairingStore();
  /** The bill's own till: this till's name, or another till's id (a past day from the relay). */
  const tillOf = (bill: { tillId: string }) =>
    bill.tillId === pairing.tillId && pairing.pairing?.tillName
      ? pairing.pairing.tillName
      : bill.tillId;
  /** "Caja 1 · Nº 27": how every screen and receipt names a bill. */
  const billName = (bill: { id: string; tillId: string; number?: number }) =>
    t('bill.name', { till: tillOf(bill), number: billNumber(bill) });
  /**
   * A line's name. A typed amount carries the shop's name for it from the moment it was typed; one
   * typed before the till knew that name stays "Amount", never renamed by a later settings change.
   */
  const lineName = (line: { name?: string }) => line.name ?? t('sell.item');
  return { t, language, rejectionText, tillOf, billName, lineName };
}
