// What the in-memory state keeps per bill version and what the snapshot writer reads of a day.
// Apart from bill-state.ts so the snapshot format can name them without a cycle.
import type { Bill, StoredBill, TillTotals } from '@caja/models';

export interface StateEntry extends StoredBill {
  /**
   * Canonical JSON of the bill, made once and reused by the journal and every snapshot. The
   * bill object itself has its keys sorted (made so at intake, or parsed from our files).
   */
  json?: string;
}

/**
 * A bill whose canonical JSON lies in a file's bytes, daily_shifts.json or a journal segment:
 * the bytes are kept, and turned into text and a bill object only when something reads them.
 * Start-up with 100,000 bills then costs finding each bill's bytes, not a bill object per bill
 * kept alive (most are never read again before the next cleanup): less memory, less garbage
 * collection. The file's checksums were verified before any entry is made, and the relay wrote
 * each bill as canonical JSON, so the lazy parse cannot meet anything but that JSON.
 */
export class LazyEntry implements StateEntry {
  #json: string | undefined;
  #bill: Bill | undefined;

  /** `bill`: the bill these bytes hold, when the caller has just parsed it (journal replay). */
  constructor(
    private readonly source: Buffer,
    private readonly start: number,
    private readonly end: number,
    readonly shiftDate: string,
    readonly lsn: number,
    bill?: Bill,
  ) {
    this.#bill = bill;
  }

  get json(): string {
    return (this.#json ??= this.source.toString('utf8', this.start, this.end));
  }

  set json(text: string) {
    this.#json = text;
  }

  get bill(): Bill {
    return (this.#bill ??= JSON.parse(this.json) as Bill);
  }

  /** Lets the parsed bill go; the next read parses the bytes again. */
  forgetBill(): void {
    this.#bill = undefined;
  }
}

/** What the snapshot writer needs of one day, captured at one LSN. */
export interface DayView {
  date: string;
  entries: readonly StateEntry[];
  /** The day's counted total and per-till totals, kept by the state as bills come and go. */
  total: number;
  byTill: Readonly<Record<string, TillTotals>>;
}
