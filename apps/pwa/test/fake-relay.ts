// An in-memory twin of the relay's HTTP API, as a fetch function: what the till's tests talk to
// instead of mocking modules. It keeps bills by id with the relay's upsert rules and can be
// switched offline, made to hang or fail, or told to refuse a bill.
import { decideUpsert, type Bill } from '@caja/models';

export interface FakeRelayOptions {
  token?: string;
  pairingCode?: string;
}

export class FakeRelay {
  readonly bills = new Map<string, Bill>();
  readonly synced = new Set<string>();
  readonly requests: { method: string; path: string; body?: unknown }[] = [];
  offline = false;
  /** Status for the next whole requests (e.g. 503), consumed one per request. */
  readonly failures: number[] = [];
  /** Bill id → status the relay answers for that bill (e.g. 422). */
  readonly refuse = new Map<string, number>();
  /** The relay's clock, sent in each answer's Date header (none when unset). */
  serverNow: (() => Date) | null = null;
  /** Status reports received (PUT /api/v1/tills/me/status); false: answer 404 like an older relay. */
  readonly statusReports: unknown[] = [];
  statusSupported = true;
  /** Sale id → ids of credit notes naming it, answered on GET /bills/{sale id}. */
  readonly refunds = new Map<string, string[]>();
  /** Accept requests and never answer them (until the request's signal gives up). */
  hanging = false;
  /** Lose the answer after storing (the till sees a network error: an ack lost in transit). */
  dropNextAnswer = false;
  catalog = { items: [{ id: 'CAFE', name: 'Café', price: 2500 }] };
  settings = {
    shopName: 'Tienda',
    address: 'Calle 1',
    taxId: 'NIT 1',
    currency: 'COP',
    locale: 'es-CO',
    largeAmountThreshold: 500_000,
    timeZone: 'America/Bogota',
  };
  readonly token: string;
  readonly pairingCode: string;

  constructor(options: FakeRelayOptions = {}) {
    this.token = options.token ?? 'till-token-0123456789';
    this.pairingCode = options.pairingCode ?? 'ABCD-EFGH';
  }

  private held: Promise<void> | undefined;

  /**
   * The next request is answered as the relay is now, but the answer arrives only when the
   * returned function is called: an old answer that arrives after newer ones.
   */
  holdNextAnswer(): () => void {
    let release!: () => void;
    this.held = new Promise((resolve) => (release = resolve));
    return release;
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const held = this.held;
    this.held = undefined;
    const response = await this.answer(input, init);
    if (this.serverNow) response.headers.set('date', this.serverNow().toUTCString());
    await held;
    return response;
  };

  private async answer(input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
    );
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    this.requests.push({ method, path: url.pathname, body });
    if (this.offline) throw new TypeError('Failed to fetch');
    const signal = init?.signal;
    if (this.hanging) {
      return new Promise((_, reject) =>
        signal?.addEventListener('abort', () => reject(signal.reason as Error)),
      );
    }
    const failure = this.failures.shift();
    if (failure !== undefined)
      return json(failure, { error: { code: 'unavailable', message: 'Down' } });
    const path = url.pathname;
    if (path === '/api/v1/health') return json(200, { status: 'ok' });
    if (path === '/api/v1/pair' && method === 'POST') {
      const { code } = body as { code: string };
      return code === this.pairingCode
        ? json(201, { token: this.token, tillId: 'till-7' })
        : json(401, { error: { code: 'invalid_pairing_code', message: 'Unknown code' } });
    }
    const auth = new Headers(init?.headers).get('authorization');
    if (auth !== `Bearer ${this.token}`) {
      return json(401, { error: { code: 'unknown_token', message: 'Unknown token' } });
    }
    if (path === '/api/v1/bills/batch' && method === 'POST') {
      const results = (body as { bills: Bill[] }).bills.map((bill) => this.put(bill));
      if (this.dropNextAnswer) {
        this.dropNextAnswer = false;
        throw new TypeError('Failed to fetch');
      }
      return json(200, { results });
    }
    const billMatch = /^\/api\/v1\/bills\/([^/]+)$/.exec(path);
    if (billMatch && method === 'GET') {
      const bill = this.bills.get(billMatch[1]!);
      if (!bill) return json(404, { error: { code: 'bill_not_found', message: 'No bill' } });
      const state = this.synced.has(bill.id) ? 'synced' : 'pending';
      const notes = this.refunds.get(bill.id);
      const refunds = notes
        ? {
            refundedTotal: notes.reduce((sum, id) => sum - (this.bills.get(id)?.total ?? 0), 0),
            creditNotes: notes,
          }
        : undefined;
      return json(200, {
        bill,
        shiftDate: '2026-11-27',
        lsn: 1,
        sync: { state, syncedAt: null },
        ...(refunds ? { refunds } : {}),
      });
    }
    if (path === '/api/v1/tills/me/status' && method === 'PUT' && this.statusSupported) {
      this.statusReports.push(body);
      return json(200, { ok: true });
    }
    if (path === '/api/v1/catalog') return json(200, this.catalog);
    if (path === '/api/v1/settings') return json(200, this.settings);
    const shiftMatch = /^\/api\/v1\/shifts\/(\d{4}-\d{2}-\d{2})$/.exec(path);
    if (shiftMatch) {
      const bills = [...this.bills.values()];
      const total = bills.reduce((sum, bill) => sum + (bill.status === 'void' ? 0 : bill.total), 0);
      return json(200, { date: shiftMatch[1], bills, total, billCount: bills.length, byTill: {} });
    }
    return json(404, { error: { code: 'not_found', message: path } });
  }

  private put(bill: Bill): Record<string, unknown> {
    const refused = this.refuse.get(bill.id);
    if (refused)
      return { status: refused, error: { code: 'invalid_bill', message: 'Refused by test' } };
    // The relay's own rule, from models: key order never makes a duplicate a conflict.
    const stored = this.bills.get(bill.id);
    const decision = decideUpsert(stored, bill);
    if (decision === 'create' || decision === 'update') this.bills.set(bill.id, bill);
    if (decision !== 'conflict') {
      return { status: decision === 'create' ? 201 : 200, id: bill.id, version: bill.version };
    }
    return { status: 409, error: { code: 'version_conflict', message: 'Conflict' }, stored };
  }

  uploads(): number {
    return this.requests.filter((r) => r.path === '/api/v1/bills/batch').length;
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
