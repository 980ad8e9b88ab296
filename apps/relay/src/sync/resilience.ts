// Every DynamoDB request goes through call(): a retry loop (capped exponential backoff, full
// jitter) around a cockatiel circuit breaker. The breaker sees each attempt, so an outage opens it
// after `consecutiveFailures` failed requests; while open, calls fail at once without a request,
// and after `cooldownMs` the next call is let through as a probe (half-open).
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { fullJitterDelay, type Sleep } from './backoff.js';
import { SyncError, classifyDynamoError } from '../dynamo/errors.js';

export interface RetrySettings {
  baseMs: number;
  capMs: number;
  /** Total attempts per request, the first one included. */
  attempts: number;
}

export interface BreakerSettings {
  consecutiveFailures: number;
  cooldownMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface ResilienceEvents {
  /** A request failed and will be retried after `delayMs`. */
  onRetry?(error: SyncError, attempt: number, delayMs: number): void;
  onBreakerChange?(state: BreakerState): void;
}

export class ResilientCaller {
  private readonly breaker: CircuitBreakerPolicy;
  retries = 0;

  constructor(
    private readonly retry: RetrySettings,
    breaker: BreakerSettings,
    private readonly random: () => number,
    private readonly sleep: Sleep,
    private readonly events: ResilienceEvents = {},
  ) {
    // Item verdicts (a rejected bill) are answers from a healthy service: they must not count.
    const infraFailure = handleWhen((error) => !(error instanceof SyncError && error.itemVerdict));
    this.breaker = circuitBreaker(infraFailure, {
      halfOpenAfter: breaker.cooldownMs,
      breaker: new ConsecutiveBreaker(breaker.consecutiveFailures),
    });
    this.breaker.onStateChange((state) => this.events.onBreakerChange?.(toBreakerState(state)));
  }

  get breakerState(): BreakerState {
    return toBreakerState(this.breaker.state);
  }

  /**
   * Runs `request` until it succeeds, fails for good, the attempts run out or the breaker opens.
   * Always rejects with a SyncError. `signal` stops further attempts (shutdown).
   */
  async call<T>(request: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      let error: SyncError;
      try {
        return await this.breaker.execute(async () => {
          try {
            return await request();
          } catch (raw) {
            throw classifyDynamoError(raw);
          }
        });
      } catch (raw) {
        if (raw instanceof BrokenCircuitError) {
          throw new SyncError(
            'circuit-open',
            'circuit breaker open: the service is not being called',
            {
              cause: raw,
            },
          );
        }
        error = classifyDynamoError(raw);
      }
      if (!error.retryable || attempt >= this.retry.attempts || signal?.aborted) throw error;
      const delayMs = fullJitterDelay(attempt, this.retry, this.random);
      this.retries += 1;
      this.events.onRetry?.(error, attempt, delayMs);
      await this.sleep(delayMs, signal);
      if (signal?.aborted) throw error;
    }
  }
}

function toBreakerState(state: CircuitState): BreakerState {
  if (state === CircuitState.Closed) return 'closed';
  if (state === CircuitState.HalfOpen) return 'half-open';
  return 'open';
}
