// The one place a DynamoDB client is configured. The SDK's own retries are off (maxAttempts 1):
// the sync engine retries with its own backoff and circuit breaker, and two nested retry layers
// would multiply the attempts during an outage.
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
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
  /**
   * The relay's own embedded store on loopback, which checks that a request carries SigV4
   * headers but not the signature: requests get fixed headers instead of being signed (SigV4
   * was about a fifth of the sync worker's CPU per bill). Never for AWS or another endpoint.
   */
  unsignedLoopback?: boolean;
}

type AuthScheme = NonNullable<DynamoDBClientConfig['httpAuthSchemes']>[number];

const LOOPBACK_DATE = '20000101T000000Z';
const LOOPBACK_AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=caja-local/20000101/local/dynamodb/aws4_request, ' +
  'SignedHeaders=host;x-amz-date, Signature=unsigned-loopback';

/** SigV4's place, with headers of the shape dynalite checks (Credential, SignedHeaders, Signature, date). */
const loopbackScheme: AuthScheme = {
  schemeId: 'aws.auth#sigv4',
  identityProvider: (config) => config.getIdentityProvider('aws.auth#sigv4'),
  signer: {
    sign(request) {
      request.headers['x-amz-date'] = LOOPBACK_DATE;
      request.headers.authorization = LOOPBACK_AUTHORIZATION;
      return Promise.resolve(request);
    },
  },
};

export function createDynamoClient(settings: DynamoClientSettings): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    // A local endpoint ignores the region, but the SDK insists on one.
    region: settings.region ?? (settings.endpoint ? 'local' : undefined),
    ...(settings.useCredentialChain
      ? {}
      : { credentials: { accessKeyId: 'caja-local', secretAccessKey: 'caja-local' } }),
    maxAttempts: 1,
    ...(settings.unsignedLoopback ? { httpAuthSchemes: [loopbackScheme] } : {}),
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
