// Saved bills of the day shown on this till, and the operations on a saved bill: save a new
// version, void, refund (credit note), history. Thin: the rules live in @caja/models.
import {
  businessDay,
  makeCreditNote,
  makeShift,
  voidBill as voidedVersion,
  type Bill,
} from '@caja/models';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { billHistory, billsOfDay, getBillRecord, saveBill } from '../db/bill-repository.js';
import type { BillRecord, BillVersionRecord } from '../db/records.js';
import { services } from '../services.js';
import { useSettingsStore } from './settings.js';
import { useSyncStore } from './sync.js';

export type BillOperationResult = { ok: true; record: BillRecord } | { ok: false; reason: string };

export const useBillsStore = defineStore('bills', () => {
  const day = ref('');
  /** Showing the current business day, which moves at midnight and with the store's zone. */
  const followingToday = ref(true);
  const records = ref<BillRecord[]>([]);
  const lastSaved = ref<BillRecord | null>(null);

  const shift = computed(() =>
    makeShift(
      day.value,
      records.value.map((record) => record.bill),
    ),
  );
  /** Newest first: the cashier looks for the bill just made. */
  const newestFirst = computed(() =>
    [...records.value].sort((a, b) => b.bill.createdAt.localeCompare(a.bill.createdAt)),
  );

  function today(): string {
    return businessDay(services().now(), useSettingsStore().timeZone);
  }

  /** Shows a day's bills; without a date, today's (and keeps following today). */
  async function load(date?: string) {
    const target = date ?? today();
    const loaded = await billsOfDay(services().db, target);
    followingToday.value = date === undefined;
    day.value = target;
    records.value = loaded;
  }

  /** Re-reads the shown day (after uploads, a settings change of zone, or midnight). */
  async function reload() {
    await load(followingToday.value ? undefined : day.value);
  }

  async function restoreLastSaved() {
    const last = await services().db.kvGet('lastPrintedBillId');
    if (last) lastSaved.value = (await getBillRecord(services().db, last.id)) ?? null;
  }

  /**
   * Writes the bill (new, or a new version) durably, then shows it. Throws when IndexedDB
   * fails: the caller must then not say "saved".
   */
  async function save(bill: Bill): Promise<BillRecord> {
    const { db, now } = services();
    const record = await saveBill(db, bill, {
      day: businessDay(bill.createdAt, useSettingsStore().timeZone),
      now: now(),
    });
    if (record.day === day.value) {
      records.value = [...records.value.filter((r) => r.id !== record.id), record];
    }
    lastSaved.value = record;
    // Remembered for "print last bill" after a reload; losing it costs nothing.
    void db.kvSet('lastPrintedBillId', { v: 1, id: record.id }, 'relaxed').catch(() => undefined);
    void useSyncStore().afterSave();
    return record;
  }

  async function voidBill(id: string): Promise<BillOperationResult> {
    const record = await getBillRecord(services().db, id);
    if (!record) return { ok: false, reason: `No bill ${id}` };
    const result = voidedVersion(record.bill);
    if (!result.ok) return { ok: false, reason: result.issues[0]?.message ?? '' };
    return { ok: true, record: await save(result.value) };
  }

  /** A credit note giving back the whole bill, paid back in cash. */
  async function refund(id: string): Promise<BillOperationResult> {
    const { db, newId, now } = services();
    const record = await getBillRecord(db, id);
    if (!record) return { ok: false, reason: `No bill ${id}` };
    const note = makeCreditNote(record.bill, { id: newId(), createdAt: now().toISOString() });
    if (!note.ok) return { ok: false, reason: note.issues[0]?.message ?? '' };
    // The customer hands nothing over and receives the refund as "change".
    const paid: Bill = {
      ...note.value,
      payment: { method: 'cash', tendered: 0, change: 0 - note.value.total },
    };
    return { ok: true, record: await save(paid) };
  }

  function history(id: string): Promise<BillVersionRecord[]> {
    return billHistory(services().db, id);
  }

  function find(id: string): Promise<BillRecord | undefined> {
    return getBillRecord(services().db, id);
  }

  return {
    day,
    followingToday,
    records,
    lastSaved,
    shift,
    newestFirst,
    today,
    load,
    reload,
    restoreLastSaved,
    save,
    voidBill,
    refund,
    history,
    find,
  };
});
