// What the cloud side (apps/reporter) shares with the relay, so there is one of each: the DynamoDB
// layout (keys, item <-> bill), the client set-up, the day digest, and the retry and breaker
// policy with its error classification. Exported as `@caja/relay/dynamo`.
export * from './items.js';
export { createDynamoClient, type DynamoClientSettings } from './client.js';
export { dayDigest, summarizeDay, DIGEST_VERSION, type DaySummary } from '../sync/digest.js';
export {
  ResilientCaller,
  type BreakerSettings,
  type BreakerState,
  type ResilienceEvents,
  type RetrySettings,
} from '../sync/resilience.js';
export { abortableSleep, fullJitterDelay, type Sleep } from '../sync/backoff.js';
export { SyncError, classifyDynamoError, type SyncErrorCode } from './errors.js';
