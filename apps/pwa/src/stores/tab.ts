// One tab at a time acts as the till (Web Locks): two tabs selling at once would each think
// they hold the open bill. Another tab sees a notice and may take over.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { TILL_TAB_LOCK } from '../sync/locks.js';

export type TabState = 'claiming' | 'active' | 'elsewhere' | 'taken';

export const useTabStore = defineStore('tab', () => {
  const state = ref<TabState>('claiming');

  function locks(): LockManager | undefined {
    return (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
  }

  /** Held for the tab's life: the callback's promise never settles. */
  function hold(): Promise<void> {
    state.value = 'active';
    return new Promise<void>(() => {});
  }

  async function claim(): Promise<TabState> {
    const manager = locks();
    if (!manager) {
      state.value = 'active';
      return state.value;
    }
    let decided: (value: TabState) => void = () => {};
    const decision = new Promise<TabState>((resolve) => (decided = resolve));
    manager
      .request(TILL_TAB_LOCK, { ifAvailable: true }, (lock) => {
        if (!lock) {
          state.value = 'elsewhere';
          decided(state.value);
          return undefined;
        }
        const held = hold();
        decided(state.value);
        return held;
      })
      // Rejected when another tab steals the lock.
      .catch(() => {
        state.value = 'taken';
      });
    return decision;
  }

  /** Takes the till role from the other tab, which then shows that it lost it. */
  async function takeOver(): Promise<void> {
    const manager = locks();
    if (!manager) return;
    let granted: () => void = () => {};
    const done = new Promise<void>((resolve) => (granted = resolve));
    manager
      .request(TILL_TAB_LOCK, { steal: true }, () => {
        const held = hold();
        granted();
        return held;
      })
      .catch(() => {
        state.value = 'taken';
      });
    await done;
  }

  return { state, claim, takeOver };
});
