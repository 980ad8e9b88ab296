// The one place a DynamoDB client is configured. The SDK's own retries are off (maxAttempts 1):
// the sync engine retries with its own backoff and circuit breaker, and two nested retry layers
// would multiply the attempts during an outage.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoClientSettings {
  /** A DynamoDB-compatible endpoint; AWS when absent. */
  endpoint?: string;
  region?: string;
  /** Use the SDK's credential chain; otherwise (local endpoints) fixed dummy credentials. */
  useCredentialChain: boolean;
  /** Socket inactivity limit per request; a slower answer fails as a timeout. */
  requestTimeoutMs: number;
  connectTimeoutMs?: number;
}

export function createDynamoClient(settings: DynamoClientSettings): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    // A local endpoint ignores the region, but the SDK insists on one.
    region: settings.region ?? (settings.endpoint ? 'local' : undefined),
    ...(settings.useCredentialChain
      ? {}
      : { credentials: { accessKeyId: 'caja-local', secretAccessKey: 'caja-local' } }),
    maxAttempts: 1,
    requestHandler: {
      requestTimeout: settings.requestTimeoutMs,
      // Without this, @smithy/node-http-handler 4.x only logs a warning when requestTimeout
      // passes and keeps waiting: a hung DynamoDB would stall the sync run indefinitely.
      throwOnRequestTimeout: true,
      connectionTimeout: settings.connectTimeoutMs ?? Math.min(settings.requestTimeoutMs, 3000),
    },
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
