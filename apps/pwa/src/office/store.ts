// The back office's one store: the owner's session, the shop settings (money format, time zone)
// and the language. Screens call the relay through `api` and format with `money`.
import { currencyFractionDigits, formatMoney, type ShopSettings } from '@caja/models';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { languageOf, translateIn, type Params } from '../i18n/index.js';
import { DEFAULT_SETTINGS } from '../stores/settings.js';
import { createOfficeApi, signIn as requestSession } from './api.js';
import { officeMessages, type OfficeKey, type OfficeLanguage } from './messages.js';
import { loadSession, saveSession, type OwnerSession } from './session.js';

const LANGUAGE_KEY = 'caja-office-language';

export const useOfficeStore = defineStore('office', () => {
  const session = ref<OwnerSession | null>(loadSession());
  const settings = ref<ShopSettings>({ ...DEFAULT_SETTINGS });
  const chosenLanguage = ref<OfficeLanguage | null>(
    (localStorage.getItem(LANGUAGE_KEY) as OfficeLanguage | null) ?? null,
  );
  const language = computed<OfficeLanguage>(
    () => chosenLanguage.value ?? languageOf(navigator.language || settings.value.locale),
  );

  const api = createOfficeApi({
    session: () => session.value,
    onUnauthorized: () => setSession(null),
  });

  function setSession(next: OwnerSession | null) {
    session.value = next;
    saveSession(next);
  }

  async function signIn(password: string) {
    setSession(await requestSession(password));
    await loadSettings();
  }

  async function signOut() {
    await api.signOut().catch(() => undefined);
    setSession(null);
  }

  async function loadSettings() {
    settings.value = {
      ...DEFAULT_SETTINGS,
      ...(await api.get<ShopSettings>('/api/v1/settings')),
    };
  }

  function setLanguage(next: OfficeLanguage) {
    chosenLanguage.value = next;
    localStorage.setItem(LANGUAGE_KEY, next);
  }

  const t = (key: OfficeKey, params?: Params) =>
    translateIn(officeMessages[language.value], key, params);

  /** A translation for a key made from outside data (an exception code), else the fallback. */
  const label = (key: string, fallback: string) =>
    Object.hasOwn(officeMessages[language.value], key) ? t(key as OfficeKey) : fallback;

  const money = (amount: number) =>
    formatMoney(amount, {
      currency: settings.value.currency,
      locale: settings.value.locale,
      fractionDigits: currencyFractionDigits(settings.value.currency),
    });

  const timeZone = computed(
    () => settings.value.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  );

  /** A date and time in the owner's language, in the shop's zone. */
  const dateTime = (iso: string | null | undefined) =>
    iso
      ? new Intl.DateTimeFormat(language.value === 'es' ? 'es-CO' : 'en-GB', {
          dateStyle: 'medium',
          timeStyle: 'short',
          timeZone: timeZone.value,
        }).format(new Date(iso))
      : '—';

  return {
    session,
    settings,
    language,
    api,
    timeZone,
    signIn,
    signOut,
    loadSettings,
    setLanguage,
    t,
    label,
    money,
    dateTime,
  };
});
