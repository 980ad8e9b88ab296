// Live shift totals for tills: when bills are accepted, every listener gets the new summary of
// that bill's day. Bursts are coalesced (one summary per day per `coalesceMs`), because working
// out a day's totals costs a pass over its bills and 64 tills can upload at once.
import type { BillStore } from '../storage/index.js';
import type { ShiftSummaryWithTills } from './shift-queries.js';

export interface ShiftEvent {
  summary: ShiftSummaryWithTills;
  /** Highest journal sequence number included; lets a client ignore a stale event. */
  lsn: number;
}

export type ShiftListener = (event: ShiftEvent) => void;

/** Something tills cache changed on the relay: they fetch it again, no reload needed. */
export type Announcement = 'catalog' | 'settings';
export type AnnouncementListener = (what: Announcement) => void;

export interface LiveUpdatesOptions {
  store: BillStore;
  summary: (date: string) => ShiftSummaryWithTills;
  today: () => string;
  coalesceMs?: number;
}

export class LiveUpdates {
  private readonly listeners = new Set<ShiftListener>();
  private readonly announcementListeners = new Set<AnnouncementListener>();
  private readonly dirty = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private lastLsn = 0;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: LiveUpdatesOptions) {
    this.unsubscribe = options.store.subscribe(({ shiftDate, lsn }) => {
      this.lastLsn = Math.max(this.lastLsn, lsn);
      if (this.listeners.size === 0) return;
      this.dirty.set(shiftDate, Math.max(lsn, this.dirty.get(shiftDate) ?? 0));
      this.timer ??= setTimeout(() => this.flush(), options.coalesceMs ?? 100);
    });
  }

  /** Sends today's summary at once, then one per change. Returns the unsubscribe function. */
  listen(listener: ShiftListener): () => void {
    this.listeners.add(listener);
    listener({ summary: this.options.summary(this.options.today()), lsn: this.lastLsn });
    return () => this.listeners.delete(listener);
  }

  /** Tells every open stream that the catalog or the settings changed. */
  announce(what: Announcement): void {
    for (const listener of this.announcementListeners) listener(what);
  }

  onAnnouncement(listener: AnnouncementListener): () => void {
    this.announcementListeners.add(listener);
    return () => this.announcementListeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  close(): void {
    this.unsubscribe();
    clearTimeout(this.timer);
    this.listeners.clear();
    this.announcementListeners.clear();
  }

  private flush(): void {
    this.timer = undefined;
    const days = [...this.dirty].sort(([a], [b]) => (a < b ? -1 : 1));
    this.dirty.clear();
    for (const [date, lsn] of days) {
      const event = { summary: this.options.summary(date), lsn };
      for (const listener of this.listeners) listener(event);
    }
  }
}
