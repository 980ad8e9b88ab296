// Translation in components: t('sell.total'), in the till's language.
import { computed } from 'vue';
import { relayMessage } from '../api/relay-messages.js';
import type { Rejection } from '../db/records.js';
import { languageOf, translate, type MessageKey, type Params } from '../i18n/index.js';
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
  return { t, language, rejectionText };
}
