// The hardware keyboard / numeric keypad: one window listener that routes keys by what is on
// screen (help, a confirmation, the selling screen, the Today view).
import { onBeforeUnmount, onMounted, type Ref } from 'vue';
import { actionForKey, type TillAction } from '../keyboard/keymap.js';
import { usePrintingStore } from '../stores/printing.js';
import { useSaleStore } from '../stores/sale.js';

export type TillView = 'sell' | 'today';

export interface TillKeysOptions {
  view: Ref<TillView>;
  helpOpen: Ref<boolean>;
  /** Another dialog (void, refund, history) owns the keyboard while open. */
  dialogOpen: () => boolean;
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

export function useTillKeys(options: TillKeysOptions) {
  const sale = useSaleStore();
  const printing = usePrintingStore();

  function sell(action: TillAction) {
    switch (action.type) {
      case 'type':
        return sale.type(action.text);
      case 'enter':
        return sale.enter();
      case 'backspace':
        return sale.backspace();
      case 'escape':
        return sale.escape();
      case 'multiply':
        return sale.multiply();
      case 'increment':
        return sale.increment();
      case 'decrement':
        return sale.decrement();
      case 'selectPrevious':
        return sale.selectPrevious();
      case 'selectNext':
        return sale.selectNext();
      case 'removeSelected':
        return sale.removeSelected();
      case 'pay':
        return void sale.pay(action.method);
      case 'toggleRefund':
        return sale.toggleRefund();
      default:
        return undefined;
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.defaultPrevented || isEditable(event.target)) return;
    const action = actionForKey(event);
    if (options.helpOpen.value) {
      if (action?.type === 'escape' || action?.type === 'help') {
        event.preventDefault();
        options.helpOpen.value = false;
      }
      return;
    }
    if (sale.pendingLarge) {
      // The confirmation owns Enter and Esc; every other key waits for the answer.
      event.preventDefault();
      if (action?.type === 'enter') sale.confirmLarge();
      else if (action?.type === 'escape') sale.cancelLarge();
      return;
    }
    if (options.dialogOpen() || !action) return;
    if (action.type === 'help') {
      event.preventDefault();
      options.helpOpen.value = true;
      return;
    }
    if (action.type === 'toggleToday') {
      event.preventDefault();
      options.view.value = options.view.value === 'sell' ? 'today' : 'sell';
      return;
    }
    if (action.type === 'printLast') {
      event.preventDefault();
      void printing.printLast();
      return;
    }
    if (options.view.value === 'today') {
      if (action.type === 'escape') {
        event.preventDefault();
        options.view.value = 'sell';
      }
      return; // Enter, Tab and arrows keep their usual meaning on the Today view's controls.
    }
    // Handled here, so a focused button does not also "click" on Enter.
    event.preventDefault();
    sell(action);
  }

  onMounted(() => window.addEventListener('keydown', onKeyDown));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeyDown));
  return { onKeyDown };
}
