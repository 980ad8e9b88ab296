// How many modal dialogs are open: while any is, the selling keys stay out of the way.
import { onBeforeUnmount, onMounted, ref } from 'vue';

const open = ref(0);

export function anyDialogOpen(): boolean {
  return open.value > 0;
}

/** Call in a dialog component's setup. */
export function useModal() {
  onMounted(() => {
    open.value += 1;
  });
  onBeforeUnmount(() => {
    open.value -= 1;
  });
}
