// The till's view of the relay's HTTP API (docs/api.md). Works in pages and the service worker.
import type { Bill, Catalog, DailyShift, ShopSettings } from '@caja/models';
import { errorFromResponse, RelayError } from './relay-error.js';
import { readServerSentEvents, type ServerSentEvent } from './sse.js';

/** What the relay said about one uploaded bill. */
export interface UploadResult {
  id: string;
  /** HTTP status of this bill: 201 new, 200 newer version or duplicate, 409/422/400/413 refused. */
  status: number;
  code?: string;
  message?: string;
  /** On 409: the relay's stored copy of the bill. */
  stored?: Bill;
}

export type CloudSyncState = 'pending' | 'synced' | 'unknown';

export interface RelayBill {
  bill: Bill;
  sync: CloudSyncState;
  /** On a sale: the credit notes that name it (refundOf), as the relay knows them. */
  refunds?: { refundedTotal: number; creditNotes: string[] };
}

export interface Health {
  status: string;
}

export interface RelayClientOptions {
  baseUrl: string;
  token?: string;
  fetch?: typeof fetch;
  /** Per request, except the event stream. */
  timeoutMs?: number;
  /** Called with the relay's clock (its `Date` header) on every answer, for the clock check. */
  onServerDate?: (serverDate: Date) => void;
}

/** What the till tells the relay about itself, every minute and after uploads. */
export interface TillStatusReport {
  highestNumber: number;
  /** Bills saved here and not yet acknowledged by the relay (set-aside ones included). */
  outbox: number;
  /** Their counted total in minor units (void bills add zero). */
  outboxTotal: number;
  storage: { persisted: boolean; usage: number | null; quota: number | null };
  appVersion: string;
}

export type RelayClient = ReturnType<typeof createRelayClient>;

export function createRelayClient(options: RelayClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function call(path: string, init: RequestInit = {}, timeout = true): Promise<Response> {
    const headers = new Headers(init.headers);
    if (options.token) headers.set('authorization', `Bearer ${options.token}`);
    if (init.body !== undefined) headers.set('content-type', 'application/json');
    const signals = [init.signal, timeout ? AbortSignal.timeout(timeoutMs) : undefined].filter(
      (signal): signal is AbortSignal => signal != null,
    );
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        ...init,
        headers,
        cache: 'no-store',
        signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0],
      });
    } catch (error) {
      throw new RelayError('network', describeNetworkError(error));
    }
    const date = response.headers.get('date');
    if (date && options.onServerDate) {
      const parsed = new Date(date);
      if (!Number.isNaN(parsed.getTime())) options.onServerDate(parsed);
    }
    return response;
  }

  async function json<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await call(path, init);
    if (!response.ok) throw await errorFromResponse(response);
    try {
      return (await response.json()) as T;
    } catch {
      throw new RelayError(
        'bad_response',
        `The relay's answer to ${path} is not JSON`,
        response.status,
      );
    }
  }

  return {
    baseUrl: base,

    health: () => json<Health>('/api/v1/health'),

    /** `tillId`: this device's id before its till was revoked; the relay gives it back. */
    pair: (code: string, tillName: string, tillId?: string) =>
      json<{ token: string; tillId: string }>('/api/v1/pair', {
        method: 'POST',
        body: JSON.stringify({
          code,
          ...(tillName ? { tillName } : {}),
          ...(tillId ? { tillId } : {}),
        }),
      }),

    /** Uploads bills in one request; one result per bill, in order. */
    async uploadBills(bills: readonly Bill[]): Promise<UploadResult[]> {
      const response = await call('/api/v1/bills/batch', {
        method: 'POST',
        body: JSON.stringify({ bills }),
      });
      if (!response.ok) throw await errorFromResponse(response);
      const body = (await response.json().catch(() => undefined)) as unknown;
      return parseBatchResults(body, bills);
    },

    /**
     * The relay's copy of a bill and whether it reached DynamoDB; undefined when unknown.
     * `signal`: gives up sooner than the client's own timeout (a cashier is waiting).
     */
    async getBill(id: string, signal?: AbortSignal): Promise<RelayBill | undefined> {
      const response = await call(`/api/v1/bills/${encodeURIComponent(id)}`, { signal });
      if (response.status === 404) return undefined;
      if (!response.ok) throw await errorFromResponse(response);
      return parseRelayBill(await response.json());
    },

    /** Sends the till's status; false when the relay does not know the endpoint (older relay). */
    async reportStatus(report: TillStatusReport): Promise<boolean> {
      const response = await call('/api/v1/tills/me/status', {
        method: 'PUT',
        body: JSON.stringify(report),
      });
      if (response.status === 404 || response.status === 405) return false;
      if (!response.ok) throw await errorFromResponse(response);
      return true;
    },

    shift: (date: string) => json<DailyShift>(`/api/v1/shifts/${encodeURIComponent(date)}`),

    catalog: () => json<Catalog>('/api/v1/catalog'),

    settings: () => json<ShopSettings>('/api/v1/settings'),

    /**
     * Follows the live shift summary stream until `signal` aborts or the stream ends. fetch, not
     * EventSource, because EventSource cannot send the Authorization header.
     */
    async followEvents(signal: AbortSignal, onEvent: (event: ServerSentEvent) => void) {
      const response = await call(
        '/api/v1/events',
        { signal, headers: { accept: 'text/event-stream' } },
        false,
      );
      if (!response.ok) throw await errorFromResponse(response);
      if (!response.body) throw new RelayError('bad_response', 'The event stream has no body');
      try {
        await readServerSentEvents(response.body, onEvent);
      } catch (error) {
        if (signal.aborted) return;
        throw new RelayError('network', describeNetworkError(error));
      }
    },
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The relay's batch answer, `{results: [{status, ...}]}` with one result per bill in order;
 * any other shape is a `bad_response` (a relay of another version, or not a relay at all).
 */
export function parseBatchResults(body: unknown, bills: readonly Bill[]): UploadResult[] {
  const list = isRecord(body) ? body.results : undefined;
  if (!Array.isArray(list) || list.length !== bills.length) {
    throw new RelayError(
      'bad_response',
      'The relay did not answer {results} with one result per bill of the batch',
    );
  }
  return list.map((entry, index) => {
    const result = isRecord(entry) ? entry : {};
    const error = isRecord(result.error) ? result.error : undefined;
    const status = typeof result.status === 'number' ? result.status : 0;
    if (status === 0) throw new RelayError('bad_response', `No status for bill ${index + 1}`);
    const stored = result.stored as Bill | undefined;
    return {
      id: bills[index]!.id,
      status,
      ...(typeof error?.code === 'string' ? { code: error.code } : {}),
      ...(typeof error?.message === 'string' ? { message: error.message } : {}),
      ...(stored?.id === bills[index]!.id && Number.isInteger(stored.version) ? { stored } : {}),
    };
  });
}

const SYNC_STATES = new Set(['pending', 'synced', 'dead-letter', 'conflict']);

/**
 * GET /api/v1/bills/{id}: `{bill, shiftDate, lsn, sync: {state}, refunds?}`, the one shape the
 * relay sends; anything else is a `bad_response`. States other than synced and pending (a dead
 * letter, a conflict) are the relay's to resolve: the till shows them as not known to be synced.
 */
export function parseRelayBill(body: unknown): RelayBill {
  const bill = isRecord(body) && isRecord(body.bill) ? body.bill : undefined;
  if (!isRecord(body) || !bill || typeof bill.id !== 'string') {
    throw new RelayError('bad_response', "The relay's answer holds no {bill}");
  }
  const state = isRecord(body.sync) ? body.sync.state : undefined;
  if (typeof state !== 'string' || !SYNC_STATES.has(state)) {
    throw new RelayError('bad_response', "The relay's answer holds no {sync: {state}}");
  }
  const sync: CloudSyncState = state === 'synced' || state === 'pending' ? state : 'unknown';
  const refunds = body.refunds;
  if (refunds === undefined) return { bill: bill as unknown as Bill, sync };
  const valid =
    isRecord(refunds) &&
    typeof refunds.refundedTotal === 'number' &&
    Array.isArray(refunds.creditNotes) &&
    refunds.creditNotes.every((id) => typeof id === 'string');
  if (!valid) throw new RelayError('bad_response', "The relay's answer holds malformed {refunds}");
  return { bill: bill as unknown as Bill, sync, refunds: refunds as RelayBill['refunds'] };
}

function describeNetworkError(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return 'The relay did not answer in time';
  }
  return 'The relay cannot be reached';
}
