// Bills whose latest version is not yet confirmed in DynamoDB, with the time the relay first saw
// each one unconfirmed. Entries keep their first-seen time when a newer version arrives and are
// never re-inserted, so the Map's insertion order is age order and the oldest is its first entry.

interface PendingEntry {
  lsn: number;
  date: string;
  sinceMs: number;
}

export class PendingBills {
  private readonly entries = new Map<string, PendingEntry>();
  private readonly perDay = new Map<string, number>();

  /** Records that version `lsn` of bill `id` (of day `date`) awaits confirmation. */
  note(id: string, lsn: number, date: string, nowMs: number): void {
    const entry = this.entries.get(id);
    if (!entry) {
      this.entries.set(id, { lsn, date, sinceMs: nowMs });
      this.count(date, +1);
      return;
    }
    if (lsn <= entry.lsn) return;
    entry.lsn = lsn;
    if (entry.date !== date) {
      this.count(entry.date, -1);
      this.count(date, +1);
      entry.date = date;
    }
  }

  /** DynamoDB holds the version at `lsn` (or newer): drop the bill unless a newer one awaits. */
  confirm(id: string, lsn: number): void {
    const entry = this.entries.get(id);
    if (!entry || entry.lsn > lsn) return;
    this.entries.delete(id);
    this.count(entry.date, -1);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get size(): number {
    return this.entries.size;
  }

  countForDay(date: string): number {
    return this.perDay.get(date) ?? 0;
  }

  /** When the oldest unconfirmed bill was first seen, or undefined when none is pending. */
  oldestSinceMs(): number | undefined {
    for (const entry of this.entries.values()) return entry.sinceMs;
    return undefined;
  }

  private count(date: string, delta: number): void {
    const next = (this.perDay.get(date) ?? 0) + delta;
    if (next > 0) this.perDay.set(date, next);
    else this.perDay.delete(date);
  }
}
