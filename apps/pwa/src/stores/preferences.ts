// This till's own choices: display language and receipt paper width.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Language, PaperWidth } from '../db/records.js';
import { services } from '../services.js';

export const usePreferencesStore = defineStore('preferences', () => {
  /** undefined: follow the shop's locale. */
  const language = ref<Language | undefined>(undefined);
  const paperWidth = ref<PaperWidth>(80);

  async function load() {
    const stored = await services().db.kvGet('preferences');
    if (!stored) return;
    language.value = stored.language;
    paperWidth.value = stored.paperWidth;
  }

  async function persist() {
    await services().db.kvSet('preferences', {
      v: 1,
      paperWidth: paperWidth.value,
      ...(language.value ? { language: language.value } : {}),
    });
  }

  async function setLanguage(next: Language) {
    language.value = next;
    await persist();
  }

  async function setPaperWidth(next: PaperWidth) {
    paperWidth.value = next;
    await persist();
  }

  return { language, paperWidth, load, setLanguage, setPaperWidth };
});
