// DynamoDB error classification: every error from DynamoDB (or the network in front of it)
// becomes one of these typed codes in exactly one place (classifyDynamoError), so the retry loop,
// the circuit breaker, the dead-letter list and the health report all reason about codes, never
// about SDK internals.

export type SyncErrorCode =
  /** DynamoDB asked us to slow down: retry with backoff. */
  | 'throttled'
  /** 5xx, connection refused or reset, DNS failure: the service or the path to it is down. */
  | 'unavailable'
  /** No answer within the request timeout. The write may still have been applied: replays are safe. */
  | 'timeout'
  /** DynamoDB refuses this item for good (validation, too large): retrying cannot help. */
  | 'rejected'
  /** The table is gone: recreate it on the next run. */
  | 'table-missing'
  /** Credentials or permissions: an operator must act, retrying quickly would only add noise. */
  | 'auth'
  /** The table cannot be used as configured (bad name, wrong key schema). */
  | 'config'
  /** The circuit breaker is open: no request was sent. */
  | 'circuit-open'
  /** Anything we do not recognise: treated as transient, the breaker bounds the cost. */
  | 'unknown';

export class SyncError extends Error {
  override readonly name = 'SyncError';
  constructor(
    readonly code: SyncErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Worth another attempt within the same run. */
  get retryable(): boolean {
    return (
      this.code === 'throttled' ||
      this.code === 'unavailable' ||
      this.code === 'timeout' ||
      this.code === 'unknown'
    );
  }

  /** A verdict on one item, not on the service: it must not trip the circuit breaker. */
  get itemVerdict(): boolean {
    return this.code === 'rejected';
  }

  /** One line for logs, health and alerts. */
  describe(): string {
    return `${this.code}: ${this.message}`;
  }
}

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'LimitExceededException',
]);
const REJECTED = new Set([
  'ValidationException',
  'SerializationException',
  'ItemCollectionSizeLimitExceededException',
]);
const AUTH = new Set([
  'UnrecognizedClientException',
  'AccessDeniedException',
  'InvalidSignatureException',
  'MissingAuthenticationTokenException',
  'MissingAuthenticationToken',
  'ExpiredTokenException',
  'IncompleteSignatureException',
  'CredentialsProviderError',
  'InvalidClientTokenId',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'TimeoutError', 'RequestTimeout']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $fault?: unknown;
}

/** Maps anything the SDK (or the socket under it) throws to a SyncError. */
export function classifyDynamoError(error: unknown): SyncError {
  if (error instanceof SyncError) return error;
  const e: ErrorLike = error && typeof error === 'object' ? (error as ErrorLike) : {};
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' && e.message ? e.message : String(error);
  const status = Number(e.$metadata?.httpStatusCode ?? 0);
  const make = (kind: SyncErrorCode, text = message) =>
    new SyncError(kind, name && !text.includes(name) ? `${name}: ${text}` : text, { cause: error });

  if (THROTTLING.has(name)) return make('throttled');
  if (name === 'ResourceNotFoundException') return make('table-missing');
  if (AUTH.has(name)) return make('auth');
  if (REJECTED.has(name)) return make('rejected');
  if (TIMEOUT_CODES.has(name) || TIMEOUT_CODES.has(code) || name === 'AbortError')
    return make('timeout');
  if (NETWORK_CODES.has(code) || /socket hang up|ECONNRESET|ECONNREFUSED/.test(message))
    return make('unavailable');
  if (status === 429) return make('throttled');
  if (status >= 500 || e.$fault === 'server') return make('unavailable');
  if (status === 413) return make('rejected');
  return make('unknown');
}
