// Receipts through the browser's print dialog, sized for 58 mm or 80 mm thermal paper.
import { defineStore } from 'pinia';
import { nextTick, ref } from 'vue';
import type { BillRecord, PaperWidth } from '../db/records.js';
import { useBillsStore } from './bills.js';
import { useNoticesStore } from './notices.js';
import { usePreferencesStore } from './preferences.js';

const MM_PER_CSS_PX = 25.4 / 96;

/**
 * The @page rule for a receipt: the roll's width and the receipt's own height (a few mm spare
 * for the cutter). `size` needs two lengths: "80mm auto" is invalid and browsers then fall back
 * to Letter or A4.
 */
export function pageSizeRule(width: PaperWidth, receiptHeightPx: number): string {
  const height = Math.max(40, Math.ceil(receiptHeightPx * MM_PER_CSS_PX) + 4);
  return `@page { size: ${width}mm ${height}mm; margin: 0; }`;
}

/** The rendered height of the (hidden on screen) print area, measured off-screen. */
function printAreaHeight(): number {
  const area = document.querySelector<HTMLElement>('.print-area');
  if (!area) return 0;
  const saved = area.style.cssText;
  area.style.cssText = 'display:block;position:absolute;left:-10000px;top:0;visibility:hidden';
  const height = area.scrollHeight;
  area.style.cssText = saved;
  return height;
}

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
    style.textContent = pageSizeRule(width, printAreaHeight());
  }

  /** Renders the receipt, sizes the page to it, then opens the print dialog. */
  async function print(target: BillRecord) {
    record.value = target;
    await nextTick();
    applyPageSize(usePreferencesStore().paperWidth);
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
