// Sync health: one state at a time, each change logged once and sent to the alert webhook.
//   ok            the last run drained everything it read without an infrastructure error
//   retrying      requests are failing and being retried; bills wait, intake is unaffected
//   circuit-open  too many consecutive failures: DynamoDB is left alone until the cool-down ends
//   disabled      sync is turned off (TIME_TO_SYNC=0)
import type { AlertSender } from './alerts.js';
import type { Logger } from '../logging/logger.js';

export type SyncHealthState = 'ok' | 'retrying' | 'circuit-open' | 'disabled';

export interface HealthFacts {
  pendingBills: number;
  lagSeconds: number;
  deadLetters: number;
}

export class SyncHealth {
  private current: SyncHealthState;
  lastSuccessAt: string | null = null;
  lastError: string | null = null;
  transitions = 0;

  constructor(
    initial: SyncHealthState,
    private readonly storeId: string,
    private readonly logger: Logger,
    private readonly alerts: AlertSender,
    private readonly facts: () => HealthFacts,
    private readonly now: () => Date,
  ) {
    this.current = initial;
  }

  get state(): SyncHealthState {
    return this.current;
  }

  succeeded(): void {
    this.lastSuccessAt = this.now().toISOString();
    this.moveTo('ok');
  }

  failed(message: string, breakerOpen: boolean): void {
    this.lastError = message;
    this.moveTo(breakerOpen ? 'circuit-open' : 'retrying');
  }

  /** A request failed and is being retried: remembered for status, no state change. */
  noteError(message: string): void {
    this.lastError = message;
  }

  breakerOpened(message: string | null): void {
    if (message) this.lastError = message;
    this.moveTo('circuit-open');
  }

  private moveTo(next: SyncHealthState): void {
    if (next === this.current || this.current === 'disabled') return;
    const previous = this.current;
    this.current = next;
    this.transitions += 1;
    const facts = this.facts();
    const fields = { previous, state: next, lastError: this.lastError, ...facts };
    if (next === 'ok')
      this.logger.warn(
        `DynamoDB sync recovered (was ${previous}): bills are flowing again`,
        fields,
      );
    else if (next === 'retrying')
      this.logger.warn(
        `DynamoDB sync is retrying: ${this.lastError ?? 'requests failing'}`,
        fields,
      );
    else
      this.logger.error(
        `DynamoDB sync circuit open: pausing requests to DynamoDB (${this.lastError ?? 'failures'}); ` +
          'bills are kept locally and will sync when it answers again',
        fields,
      );
    void this.alerts.send({
      event: 'sync.state',
      storeId: this.storeId,
      at: this.now().toISOString(),
      lastSuccessAt: this.lastSuccessAt,
      ...fields,
    });
  }
}
