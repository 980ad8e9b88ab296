// Receipts through the browser's print dialog, sized for 58 mm or 80 mm thermal paper.
import { defineStore } from 'pinia';
import { nextTick, ref } from 'vue';
import type { BillRecord, PaperWidth } from '../db/records.js';
import { useBillsStore } from './bills.js';
import { useNoticesStore } from './notices.js';
import { usePreferencesStore } from './preferences.js';

export const usePrintingStore = defineStore('printing', () => {
  const record = ref<BillRecord | null>(null);

  function applyPageSize(width: PaperWidth) {
    // @page cannot read CSS variables, so the rule is rewritten for the chosen paper.
    let style = document.getElementById('caja-page-size');
    if (!style) {
      style = document.createElement('style');
      style.id = 'caja-page-size';
      document.head.append(style);
    }
    style.textContent = `@page { size: ${width}mm auto; margin: 0; }`;
  }

  /** Renders the receipt, then opens the print dialog. */
  async function print(target: BillRecord) {
    record.value = target;
    applyPageSize(usePreferencesStore().paperWidth);
    await nextTick();
    window.print();
  }

  async function printLast() {
    const last = useBillsStore().lastSaved;
    if (!last) {
      useNoticesStore().error('error.noBillToPrint');
      return;
    }
    await print(last);
  }

  return { record, print, printLast, applyPageSize };
});
