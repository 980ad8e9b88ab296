// Translation in components: t('sell.total'), in the till's language.
import { computed } from 'vue';
import { languageOf, translate, type MessageKey, type Params } from '../i18n/index.js';
import { usePreferencesStore } from '../stores/preferences.js';
import { useSettingsStore } from '../stores/settings.js';

export function useT() {
  const preferences = usePreferencesStore();
  const settings = useSettingsStore();
  const language = computed(() => preferences.language ?? languageOf(settings.settings.locale));
  const t = (key: MessageKey, params?: Params) => translate(language.value, key, params);
  return { t, language };
}
