// At start-up, every journal record past the cursor is a bill version DynamoDB may not have yet.
import { businessDay } from '@caja/models';
import type { SyncLedger } from './ledger.js';
import type { JournalReader, SyncedStore, UnsyncedEntry } from './ports.js';

/** Notes current versions past the cursor as pending, oldest first (entries in LSN order). */
export function notePending(entries: readonly UnsyncedEntry[], ledger: SyncLedger, nowMs: number) {
  for (const { id, lsn, date, receivedAt } of entries) {
    const received = receivedAt ? Date.parse(receivedAt) : NaN;
    ledger.pending.note(id, lsn, date, Number.isNaN(received) ? nowMs : received);
  }
}

export async function notePendingFromJournal(
  { journal, store, timeZone }: { journal: JournalReader; store: SyncedStore; timeZone: string },
  ledger: SyncLedger,
  nowMs: number,
): Promise<void> {
  let after = ledger.confirmedLsn;
  for (;;) {
    const records = await journal.readAfter(after, 5000);
    if (records.length === 0) return;
    for (const { lsn, bill, shiftDate, receivedAt } of records) {
      after = lsn;
      if (!bill) continue;
      const current = store.get(bill.id);
      const date =
        current?.lsn === lsn
          ? current.shiftDate
          : (shiftDate ?? businessDay(bill.createdAt, timeZone));
      // Lag counts from when the relay accepted the bill, not from this restart.
      const received = receivedAt ? Date.parse(receivedAt) : NaN;
      ledger.pending.note(bill.id, lsn, date, Number.isNaN(received) ? nowMs : received);
    }
  }
}
