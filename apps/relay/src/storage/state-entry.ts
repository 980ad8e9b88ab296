// What the in-memory state keeps per bill version and what the snapshot writer reads of a day.
// Apart from bill-state.ts so the snapshot format can name them without a cycle.
import type { StoredBill } from '@caja/models';

export interface StateEntry extends StoredBill {
  /**
   * Canonical JSON of the bill, made once and reused by the journal and every snapshot. The
   * bill object itself has its keys sorted (made so at intake, or parsed from our files).
   */
  json?: string;
}

/** What the snapshot writer needs of one day, captured at one LSN. */
export interface DayView {
  date: string;
  entries: readonly StateEntry[];
}
