// The one message line the cashier reads: errors in bad input, saves, storage problems.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { MessageKey, Params } from '../i18n/index.js';

export type NoticeKind = 'error' | 'success' | 'info';

export interface Notice {
  id: number;
  kind: NoticeKind;
  key: MessageKey;
  params: Params;
}

export const useNoticesStore = defineStore('notices', () => {
  const current = ref<Notice | null>(null);
  let counter = 0;

  function show(kind: NoticeKind, key: MessageKey, params: Params = {}) {
    counter += 1;
    current.value = { id: counter, kind, key, params };
  }

  return {
    current,
    error: (key: MessageKey, params?: Params) => show('error', key, params),
    success: (key: MessageKey, params?: Params) => show('success', key, params),
    info: (key: MessageKey, params?: Params) => show('info', key, params),
    clear: () => {
      current.value = null;
    },
  };
});
