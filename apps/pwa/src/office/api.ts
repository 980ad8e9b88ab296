// The back office's calls to the relay, with the owner's session token. A 401 means the session
// ran out (or the relay restarted): the shell shows the sign-in again.
import type { Bill, DailyShift } from '@caja/models';
import { errorFromResponse, RelayError } from '../api/relay-error.js';
import type { OwnerSession } from './session.js';

export { RelayError };

/** What went wrong, for the screen: the relay's message (written for a person) or the error's. */
export function messageOf(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}

export interface OfficeApiOptions {
  session: () => OwnerSession | null;
  onUnauthorized: () => void;
  fetch?: typeof fetch;
}

export type OfficeApi = ReturnType<typeof createOfficeApi>;

export async function signIn(password: string, doFetch: typeof fetch = fetch) {
  const response = await doFetch('/api/v1/owner/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password }),
  });
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as OwnerSession;
}

export function createOfficeApi(options: OfficeApiOptions) {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const session = options.session();
    if (session) headers.set('authorization', `Bearer ${session.token}`);
    if (init.body !== undefined) headers.set('content-type', 'application/json');
    let response: Response;
    try {
      response = await doFetch(path, { ...init, headers, cache: 'no-store' });
    } catch (error) {
      throw new RelayError('network', error instanceof Error ? error.message : String(error));
    }
    if (response.status === 401) options.onUnauthorized();
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  async function json<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await call(path, init);
    return response.status === 204 ? (undefined as T) : ((await response.json()) as T);
  }

  const send = (method: string, body?: unknown): RequestInit => ({
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });

  return {
    get: <T>(path: string) => json<T>(path),
    post: <T>(path: string, body?: unknown) => json<T>(path, send('POST', body)),
    put: <T>(path: string, body?: unknown) => json<T>(path, send('PUT', body)),
    patch: <T>(path: string, body?: unknown) => json<T>(path, send('PATCH', body)),
    delete: <T>(path: string) => json<T>(path, send('DELETE')),
    /** CSV text (Accept: text/csv), for the report export. */
    csv: async (path: string) => (await call(path, { headers: { accept: 'text/csv' } })).text(),
    shift: (date: string) => json<DailyShift>(`/api/v1/shifts/${date}`),
    bill: (id: string) => json<{ bill: Bill }>(`/api/v1/bills/${id}`),
    signOut: () => json<void>('/api/v1/owner/session', send('DELETE')),
  };
}
