// The open bill survives reloads and power cuts: it is written to IndexedDB on every change
// ('relaxed' is enough: the draft is a convenience; the saved bill is what must be durable).
import type { Bill } from '@caja/models';
import { watch, type Ref } from 'vue';
import { services } from '../services.js';

interface DraftSnapshot {
  bill: Bill;
  original: Bill | null;
}

/**
 * Call inside the sale store's setup. Returns `saved()`, to call once a save has committed: the
 * save's transaction deleted the draft, so the blank bill that follows needs no write (one
 * IndexedDB transaction fewer queued beside the next save).
 */
export function persistDraft(bill: Ref<Bill>, original: Ref<Bill | null>): { saved(): void } {
  // Whether IndexedDB may hold a draft with lines; a blank bill never needs writing over none.
  let mayHoldLines = true;
  watch(
    [bill, original],
    () => {
      const blank = bill.value.items.length === 0 && original.value === null;
      if (blank && !mayHoldLines) return;
      mayHoldLines = !blank;
      const draft: DraftSnapshot = { bill: bill.value, original: original.value };
      void services()
        .db.kvSet('draft', { v: 1, draft }, 'relaxed')
        .catch(() => undefined);
    },
    { deep: true },
  );
  return {
    saved: () => {
      mayHoldLines = false;
    },
  };
}

/**
 * The draft of the last session, unless that bill was saved meanwhile (saving and clearing the
 * draft share a transaction, but a draft write queued just before the save can land after it).
 */
export async function loadDraft(): Promise<DraftSnapshot | undefined> {
  const { db } = services();
  const stored = (await db.kvGet('draft'))?.draft as DraftSnapshot | undefined;
  if (!stored?.bill || stored.bill.items.length === 0) return undefined;
  const saved = await db.get('bills', stored.bill.id);
  if (saved && !stored.original) return undefined;
  if (saved && stored.original && saved.bill.version > stored.original.version) return undefined;
  return stored;
}
