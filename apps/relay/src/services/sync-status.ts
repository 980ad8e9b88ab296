// The DynamoDB sync as the HTTP layer sees it: the real one is sync/relay-wiring.ts syncPortFor();
// DisabledSync answers with the same shapes for route tests and a relay without a sync target.

export type SyncState = 'disabled' | 'ok' | 'retrying' | 'circuit-open';

export interface SyncHealth {
  state: SyncState;
  /** Bills not yet confirmed in DynamoDB. */
  pendingBills: number;
  /** Age of the oldest unconfirmed bill, or null when nothing is pending or sync is off. */
  lagSeconds: number | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  /** Bill versions DynamoDB refused for good: they need a person, so health is degraded. */
  deadLetters: number;
}

export interface BillSyncState {
  /**
   * "pending": not yet confirmed in DynamoDB; "synced": confirmed; "dead-letter": DynamoDB
   * refused it for good (see health and metrics), it stays safe locally.
   */
  state: 'pending' | 'synced' | 'dead-letter';
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
  /** The sync's own Prometheus lines, when it has them (they include caja_sync_pending_bills). */
  metricsText?(): string;
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
      deadLetters: 0,
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
