// The DynamoDB sync as the HTTP layer sees it. Sync itself arrives in a later issue; until then
// DisabledSync answers with the same shapes, so health, metrics and GET /bills/{id} do not change
// when the real one slots in.

export type SyncState = 'disabled' | 'ok' | 'retrying' | 'circuit-open';

export interface SyncHealth {
  state: SyncState;
  /** Bills not yet confirmed in DynamoDB. */
  pendingBills: number;
  /** Age of the oldest unconfirmed bill, or null when nothing is pending or sync is off. */
  lagSeconds: number | null;
  lastSuccessAt: string | null;
  lastError: string | null;
}

export interface BillSyncState {
  /** "pending": not yet confirmed in DynamoDB; "synced": confirmed. */
  state: 'pending' | 'synced';
  syncedAt: string | null;
}

export type SyncRunOutcome =
  | { kind: 'done'; syncedBills: number }
  /** No sync target yet: the relay keeps every bill locally and says so, it does not pretend. */
  | { kind: 'not_configured'; message: string };

export interface SyncPort {
  health(): SyncHealth;
  billState(id: string): BillSyncState;
  runNow(): Promise<SyncRunOutcome>;
}

export class DisabledSync implements SyncPort {
  /** `countBills` gives how many bills the store holds: all of them are unconfirmed. */
  constructor(private readonly countBills: () => number) {}

  health(): SyncHealth {
    return {
      state: 'disabled',
      pendingBills: this.countBills(),
      lagSeconds: null,
      lastSuccessAt: null,
      lastError: null,
    };
  }

  billState(): BillSyncState {
    return { state: 'pending', syncedAt: null };
  }

  async runNow(): Promise<SyncRunOutcome> {
    return {
      kind: 'not_configured',
      message:
        'DynamoDB sync is not available in this version of the relay yet. Every bill is kept ' +
        'safely in DATA_DIR and will be uploaded once sync is enabled.',
    };
  }
}
