// The till's view of the relay's HTTP API (docs/api.md). Works in pages and the service worker.
import type { Bill, DailyShift } from '@caja/models';
import type { CatalogItem, ShopSettings } from '../db/records.js';
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

    /** The relay's copy of a bill and whether it reached DynamoDB; undefined when unknown. */
    async getBill(id: string): Promise<RelayBill | undefined> {
      const response = await call(`/api/v1/bills/${encodeURIComponent(id)}`);
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

    catalog: () => json<{ items: CatalogItem[] }>('/api/v1/catalog'),

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

/** Accepts `{results: [...]}` (or a bare list) of per-bill answers; anything else is an error. */
export function parseBatchResults(body: unknown, bills: readonly Bill[]): UploadResult[] {
  const list = Array.isArray(body) ? body : (body as { results?: unknown } | undefined)?.results;
  if (!Array.isArray(list) || list.length !== bills.length) {
    throw new RelayError('bad_response', 'The relay did not answer for every bill of the batch');
  }
  return list.map((entry, index) => {
    const result = (entry ?? {}) as Record<string, unknown>;
    const error = result.error as { code?: unknown; message?: unknown } | undefined;
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

/** `{bill, sync: {state}}`, `{bill, syncState}` or a bill with `syncState`/`sync` beside it. */
export function parseRelayBill(body: unknown): RelayBill {
  const record = (body ?? {}) as Record<string, unknown>;
  const bill = (record.bill ?? record) as Bill;
  if (typeof bill?.id !== 'string') throw new RelayError('bad_response', 'No bill in the answer');
  const raw = record.syncState ?? record.sync ?? record.state;
  const state = typeof raw === 'string' ? raw : (raw as { state?: unknown } | undefined)?.state;
  const sync: CloudSyncState = state === 'synced' || state === 'pending' ? state : 'unknown';
  const refunds = record.refunds as RelayBill['refunds'] | undefined;
  const valid =
    typeof refunds?.refundedTotal === 'number' &&
    Array.isArray(refunds.creditNotes) &&
    refunds.creditNotes.every((id) => typeof id === 'string');
  return valid ? { bill, sync, refunds } : { bill, sync };
}

function describeNetworkError(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return 'The relay did not answer in time';
  }
  return 'The relay cannot be reached';
}
