// The bill being rung up: typed entry, lines, quantity, payment, save. Actions are thin: each
// calls a pure operation from @caja/models (or sale/entry.ts) and reports its typed refusal.
import {
  addLine,
  newBill,
  removeLastLine,
  removeLine as removeLineOp,
  setQuantity,
  type Bill,
  type BillResult,
  type MinorUnits,
  type CatalogItem,
} from '@caja/models';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { plain } from '../db/idb.js';
import type { PaymentMethod } from '../keyboard/keymap.js';
import {
  appendToEntry,
  decimalSeparator,
  entryAmount,
  entryQuantity,
  nextAmountLineId,
} from '../sale/entry.js';
import { checkout } from '../sale/checkout.js';
import {
  amountMessage,
  checkoutMessage,
  describeError,
  issueMessage,
  type Message,
} from '../sale/messages.js';
import { services } from '../services.js';
import { useBillsStore } from './bills.js';
import { useNoticesStore } from './notices.js';
import { usePairingStore } from './pairing.js';
import { loadDraft, persistDraft } from './sale-draft.js';
import { useSettingsStore } from './settings.js';

interface PendingLine {
  id: string;
  name?: string;
  price: MinorUnits;
  quantity: number;
}

export const useSaleStore = defineStore('sale', () => {
  const settings = useSettingsStore();
  const notices = useNoticesStore();

  const bill = ref<Bill>(blankBill());
  const entry = ref('');
  /** Set by "3 *": the next line's quantity. */
  const multiplier = ref<number | null>(null);
  /** The line +, − and Delete act on; null means the last line. */
  const selected = ref<number | null>(null);
  /** The saved bill being modified (reopened), or null for a new bill. */
  const original = ref<Bill | null>(null);
  /** A line at or above the threshold, waiting for the cashier's confirmation. */
  const pendingLarge = ref<PendingLine | null>(null);
  const saving = ref(false);
  /**
   * The entry was refused (a decimal separator in a currency without decimals): "12,5" must not
   * become 125, so more digits are refused too until the cashier clears or corrects the entry.
   */
  const entryRefused = ref(false);
  /**
   * Cash pressed on an empty entry: the entry is now the amount the customer hands over, and
   * only now does the screen preview the change (never while a line's price is being typed).
   */
  const paying = ref(false);

  const refund = computed(() => bill.value.kind === 'credit_note');
  const isEmpty = computed(() => bill.value.items.length === 0 && original.value === null);
  /** Something typed that a reload, an update or a tab switch must not throw away. */
  const hasOpenBill = computed(() => !isEmpty.value || entry.value !== '');
  const separator = computed(() => decimalSeparator(settings.settings.locale));
  const targetIndex = computed(() => selected.value ?? bill.value.items.length - 1);

  function blankBill(): Bill {
    const { newId, now } = services();
    return newBill({
      id: newId(),
      tillId: usePairingStore().tillId || 'unpaired',
      createdAt: now().toISOString(),
    });
  }

  function say(message: Message) {
    notices.error(message.key, message.params);
  }

  function apply(result: BillResult): boolean {
    if (result.ok) {
      bill.value = result.value;
      return true;
    }
    say(issueMessage(result.issues[0], entry.value));
    return false;
  }

  function type(text: string) {
    if (entryRefused.value) return refuseSeparator();
    const next = appendToEntry(entry.value, text, {
      fractionDigits: settings.moneyFormat.fractionDigits ?? 0,
      separator: separator.value,
    });
    if (next.ok) entry.value = next.entry;
    else if (next.reason === 'no_decimals') {
      entryRefused.value = true;
      refuseSeparator();
    } else if (next.reason === 'too_long')
      notices.error('error.tooLarge', { entry: entry.value + text });
    else
      notices.error('error.tooManyDecimals', {
        currency: settings.settings.currency,
        entry: entry.value + text,
      });
  }

  /** The message stays (errors do) until the entry changes: Backspace, Esc or a line added. */
  function refuseSeparator() {
    notices.error('error.noDecimals', { currency: settings.settings.currency, entry: entry.value });
  }

  function backspace() {
    if (entryRefused.value) {
      entryRefused.value = false;
      notices.clear();
    } else if (entry.value !== '') entry.value = entry.value.slice(0, -1);
    else if (multiplier.value !== null) multiplier.value = null;
    else removeLast();
  }

  function escape() {
    paying.value = false;
    if (entryRefused.value) notices.clear();
    entryRefused.value = false;
    entry.value = '';
    multiplier.value = null;
    selected.value = null;
  }

  /**
   * "3 *": the entry becomes the quantity of the next line, shown as "3 ×". A refused quantity
   * is cleared, so the next amount is never glued onto it ("12000 *" then "1800").
   */
  function multiply() {
    if (entryRefused.value) return refuseSeparator();
    const quantity = entryQuantity(entry.value);
    if (quantity === undefined) {
      notices.error('error.quantityRefused', { entry: entry.value });
      entry.value = '';
      multiplier.value = null;
      return;
    }
    multiplier.value = quantity;
    entry.value = '';
  }

  function enter() {
    if (pendingLarge.value) return confirmLarge();
    if (entryRefused.value) return refuseSeparator();
    if (entry.value !== '' && !paying.value) return addEntry();
    void settle('cash');
  }

  function addEntry() {
    const amount = entryAmount(entry.value, settings.moneyFormat);
    if (!amount.ok) {
      say(amountMessage(amount.problem, entry.value, settings.settings.currency));
      return;
    }
    // The shop's name for typed amounts travels on the line: receipts, the relay and reports
    // all show the same word.
    const name = settings.settings.typedAmountName;
    const line = {
      id: nextAmountLineId(bill.value.items),
      ...(name ? { name } : {}),
      price: amount.amount,
      quantity: multiplier.value ?? 1,
    };
    propose(line);
  }

  /** A quick key; a typed number before it is its quantity ("3", Coffee). */
  function addItem(item: CatalogItem) {
    paying.value = false;
    let quantity = multiplier.value ?? 1;
    if (entryRefused.value) return refuseSeparator();
    if (entry.value !== '') {
      const typed = entryQuantity(entry.value);
      if (typed === undefined) {
        notices.error('error.quantityRefused', { entry: entry.value });
        entry.value = '';
        return;
      }
      quantity = typed;
    }
    propose({ id: item.id, name: item.name, price: item.price, quantity });
  }

  function propose(line: PendingLine) {
    if (line.price * line.quantity >= settings.settings.largeAmountThreshold) {
      pendingLarge.value = line;
      return;
    }
    commitLine(line);
  }

  function commitLine(line: PendingLine) {
    // A credit note gives money back: its lines are negative (0 - price keeps 0 a plain 0).
    const price = refund.value ? 0 - line.price : line.price;
    if (apply(addLine(bill.value, { ...line, price }))) {
      entry.value = '';
      multiplier.value = null;
      selected.value = null;
      notices.clear();
    }
  }

  function confirmLarge() {
    const line = pendingLarge.value;
    pendingLarge.value = null;
    if (line) commitLine(line);
  }

  /** "No": the amount was a typo, so it goes; the cashier types it again. */
  function cancelLarge() {
    pendingLarge.value = null;
    entry.value = '';
    multiplier.value = null;
  }

  function lineRef(index: number) {
    const line = bill.value.items[index];
    return line ? { id: line.id, price: line.price } : undefined;
  }

  function changeQuantity(index: number, delta: number) {
    const ref = lineRef(index);
    const line = bill.value.items[index];
    if (!ref || !line) return notices.error('error.nothingToRemove');
    const quantity = line.quantity + delta;
    if (quantity < 1) return notices.error('error.quantityRange');
    if (apply(setQuantity(bill.value, ref, quantity))) notices.clear();
  }

  function removeLine(index: number) {
    const ref = lineRef(index);
    if (!ref) return notices.error('error.nothingToRemove');
    if (apply(removeLineOp(bill.value, ref))) selected.value = null;
  }

  function removeLast() {
    if (bill.value.items.length === 0) return notices.error('error.nothingToRemove');
    if (apply(removeLastLine(bill.value))) selected.value = null;
  }

  function select(step: number) {
    const count = bill.value.items.length;
    if (count === 0) return;
    const from = selected.value ?? count;
    selected.value = Math.min(count - 1, Math.max(0, from + step));
  }

  function toggleRefund() {
    if (!isEmpty.value) return notices.error('error.openBill');
    bill.value = { ...bill.value, kind: refund.value ? 'sale' : 'credit_note' };
  }

  /**
   * Cash, card or other. Cash takes the entry as the amount tendered; on an empty entry it opens
   * the payment step (type what is handed over, Enter saves, empty Enter is exact). The screen
   * says "saved" only once IndexedDB has committed; then a new bill starts.
   */
  async function pay(method: PaymentMethod): Promise<boolean> {
    const opensPayment =
      method === 'cash' && !paying.value && entry.value === '' && bill.value.total > 0;
    if (opensPayment && !saving.value && !pendingLarge.value && !entryRefused.value) {
      paying.value = true;
      return false;
    }
    return settle(method);
  }

  /** Records the payment and saves (see pay). */
  async function settle(method: PaymentMethod): Promise<boolean> {
    if (saving.value || pendingLarge.value) return false;
    if (entryRefused.value) {
      refuseSeparator();
      return false;
    }
    const outcome = checkout({
      draft: bill.value,
      original: original.value,
      method,
      entry: entry.value,
      format: settings.moneyFormat,
      tillId: usePairingStore().tillId,
      now: services().now(),
    });
    if (!outcome.ok) {
      if (paying.value && outcome.refusal.reason === 'entry_not_added') {
        // Card or other chosen while typing the cash handed over: that amount means nothing now.
        entry.value = '';
        paying.value = false;
        return settle(method);
      }
      say(
        checkoutMessage(outcome.refusal, {
          entry: entry.value,
          currency: settings.settings.currency,
          money: settings.money,
        }),
      );
      return false;
    }
    const final = outcome.result;
    if (!final.ok) return apply(final);

    saving.value = true;
    try {
      // The "last bill" panel (a live region) confirms the save; no toast over the keys.
      await useBillsStore().save(final.value);
      persistedDraft.saved();
      startNew();
      notices.clear();
      return true;
    } catch (error) {
      notices.error('error.saveFailed', { reason: describeError(error) });
      return false;
    } finally {
      saving.value = false;
    }
  }

  function startNew() {
    bill.value = blankBill();
    original.value = null;
    escape();
  }

  /** Opens a saved bill for modification; saving makes a new version. */
  function reopen(saved: Bill): boolean {
    if (hasOpenBill.value) {
      notices.error('error.openBill');
      return false;
    }
    // Copies without Vue proxies: the edit must not touch the saved record shown elsewhere.
    original.value = plain(saved);
    // The payment is chosen again when saving: kept, an exact cash payment would refuse every
    // added line (tendered below the new total).
    const unpaid = plain(saved);
    delete unpaid.payment;
    bill.value = unpaid;
    return true;
  }

  function cancelEdit() {
    startNew();
  }

  const persistedDraft = persistDraft(bill, original);

  async function restoreDraft() {
    const draft = await loadDraft();
    if (!draft) return;
    bill.value = draft.bill;
    original.value = draft.original;
  }

  return {
    bill,
    entry,
    multiplier,
    selected,
    original,
    pendingLarge,
    saving,
    entryRefused,
    paying,
    refund,
    isEmpty,
    hasOpenBill,
    separator,
    targetIndex,
    type,
    backspace,
    escape,
    multiply,
    enter,
    addEntry,
    addItem,
    confirmLarge,
    cancelLarge,
    increment: (index = targetIndex.value) => changeQuantity(index, 1),
    decrement: (index = targetIndex.value) => changeQuantity(index, -1),
    removeLine,
    removeSelected: () => removeLine(targetIndex.value),
    removeLast,
    selectPrevious: () => select(-1),
    selectNext: () => select(1),
    toggleRefund,
    pay,
    startNew,
    reopen,
    cancelEdit,
    restoreDraft,
  };
});
