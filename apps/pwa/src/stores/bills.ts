// Saved bills of the day shown on this till, and the operations on a saved bill: save a new
// version, void, refund (credit note), history. Thin: the rules live in @caja/models.
import {
  businessDay,
  makeShift,
  refundableLines,
  refundCreditNote,
  voidBill as voidedVersion,
  type Bill,
  type RefundableLine,
} from '@caja/models';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { billHistory, billsOfDay, getBillRecord, saveBill } from '../db/bill-repository.js';
import type { BillRecord, BillVersionRecord } from '../db/records.js';
import { services } from '../services.js';
import { latestCall } from '../composables/latest-call.js';
import { usePairingStore } from './pairing.js';
import { useSettingsStore } from './settings.js';

/** How long a refund waits for the relay's word on other tills' refunds of the sale. */
const REFUND_LOOKUP_MS = 3_000;
export type BillOperationResult = { ok: true; record: BillRecord } | { ok: false; reason: string };

/** A sale's refunds as far as this till knows: its own notes, and the relay's when it answers. */
export interface RefundState {
  notes: Bill[];
  lines: RefundableLine[];
  /** Whether the relay was asked and answered (else only this till's notes count). */
  fromRelay: boolean;
}

export const useBillsStore = defineStore('bills', () => {
  const day = ref('');
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

  /** Loads asked for, and bills saved: a read that either overtook is out of date. */
  const loads = latestCall();
  let billsSaved = 0;
  /** The day the last load asked for (undefined: today): a re-read keeps to it. */
  const wanted = ref<string | undefined>(undefined);
  /** Showing the current business day, which moves at midnight and with the store's zone. */
  const followingToday = computed(() => wanted.value === undefined);

  /**
   * Shows a day's bills; without a date, today's (and keeps following today). Reads run beside
   * saves and other reads (the sync re-reads after every upload): the load asked for last decides,
   * and a read that a save overtook is read again, so an older list never hides a saved bill.
   */
  async function load(date?: string) {
    const isLatest = loads.start();
    const target = date ?? today();
    wanted.value = date;
    let loaded: BillRecord[];
    let savedBefore: number;
    do {
      savedBefore = billsSaved;
      loaded = await billsOfDay(services().db, target);
      if (!isLatest()) return;
    } while (savedBefore !== billsSaved);
    day.value = target;
    records.value = loaded;
  }

  /** Re-reads the shown day (after uploads, a settings change of zone, or midnight). */
  async function reload() {
    await load(wanted.value);
  }

  async function restoreLastSaved() {
    const last = await services().db.kvGet('lastPrintedBillId');
    if (last) lastSaved.value = (await getBillRecord(services().db, last.id)) ?? null;
  }

  /** Told after every saved bill (the sync store uploads it); the store imports no listener. */
  const savedListeners = new Set<(record: BillRecord) => void>();
  function onSaved(listener: (record: BillRecord) => void): () => void {
    savedListeners.add(listener);
    return () => savedListeners.delete(listener);
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
    billsSaved++;
    if (record.day === day.value) {
      records.value = [...records.value.filter((r) => r.id !== record.id), record];
    }
    lastSaved.value = record;
    // After the screen has shown the saved bill: listeners start uploads and re-reads, and
    // IndexedDB requests made now would delay the caller's next render.
    setTimeout(() => {
      for (const listener of savedListeners) listener(record);
    }, 0);
    return record;
  }

  async function voidBill(id: string): Promise<BillOperationResult> {
    const record = await getBillRecord(services().db, id);
    if (!record) return { ok: false, reason: `No bill ${id}` };
    const result = voidedVersion(record.bill);
    if (!result.ok) return { ok: false, reason: result.issues[0]?.message ?? '' };
    return { ok: true, record: await save(result.value) };
  }

  /** The credit notes naming the sale: this till's, plus the relay's (other tills) if online. */
  async function refundState(sale: Bill): Promise<RefundState> {
    const { db } = services();
    const byId = new Map<string, Bill>();
    for (const record of await db.getAll('bills')) {
      if (record.bill.refundOf === sale.id) byId.set(record.id, record.bill);
    }
    let fromRelay = false;
    const client = usePairingStore().client;
    if (client && !usePairingStore().unauthorized) {
      // The cashier waits for this: a slow relay counts as an unreachable one.
      const signal = AbortSignal.timeout(REFUND_LOOKUP_MS);
      try {
        const remote = await client.getBill(sale.id, signal);
        fromRelay = remote !== undefined;
        for (const noteId of remote?.refunds?.creditNotes ?? []) {
          if (byId.has(noteId)) continue;
          const note = await client.getBill(noteId, signal);
          if (note) byId.set(noteId, note.bill);
        }
      } catch {
        fromRelay = false; // offline: this till's own notes still stop a second refund
      }
    }
    const notes = [...byId.values()];
    return { notes, lines: refundableLines(sale, notes), fromRelay };
  }

  /**
   * A credit note giving back `quantities[i]` of line i of the sale, linked to it (refundOf),
   * paid back in cash. Refused beyond what is left to refund.
   */
  async function refund(id: string, quantities: readonly number[]): Promise<BillOperationResult> {
    const { db, newId, now } = services();
    const record = await getBillRecord(db, id);
    if (!record) return { ok: false, reason: `No bill ${id}` };
    const { notes } = await refundState(record.bill);
    const note = refundCreditNote(record.bill, notes, quantities, {
      id: newId(),
      createdAt: now().toISOString(),
      tillId: usePairingStore().tillId || record.bill.tillId,
    });
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

  /** This till's bill with that number (the cashier types it to reach the bill). */
  async function findByNumber(number: number): Promise<BillRecord | undefined> {
    const shown = records.value.find((record) => record.bill.number === number);
    if (shown) return shown;
    const tillId = usePairingStore().tillId;
    const all = await services().db.getAll('bills');
    return all.find((record) => record.bill.number === number && record.bill.tillId === tillId);
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
    onSaved,
    voidBill,
    refundState,
    refund,
    history,
    find,
    findByNumber,
  };
});
