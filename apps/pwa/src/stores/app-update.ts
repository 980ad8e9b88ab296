// A new version of the app is installed and waiting. It is applied only on request and never
// while a bill is open: reloading mid-bill would interrupt the cashier.
import { defineStore } from 'pinia';
import { ref } from 'vue';

export const useAppUpdateStore = defineStore('appUpdate', () => {
  const available = ref(false);
  let activate: (() => void) | null = null;

  function offer(apply: () => void) {
    activate = apply;
    available.value = true;
  }

  /** The caller checks there is no open bill (the prompt is hidden while one is). */
  function apply() {
    available.value = false;
    activate?.();
  }

  return { available, offer, apply };
});
