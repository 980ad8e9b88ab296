// A small fault-injecting HTTP proxy in front of dynalite, for the sync tests and the benchmark.
// Every request goes through `rule`, which can pass it on, answer an error in DynamoDB's wire
// format, reset the connection, or hold it (beyond the SDK's timeout). `refuse()` closes the
// listening socket so connections are refused, `accept()` opens it again on the same port.
// It also counts requests and request bytes per DynamoDB operation.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ProxiedRequest {
  /** DynamoDB operation from X-Amz-Target, e.g. "PutItem". */
  operation: string;
  body: string;
}

export type FaultAction =
  | { kind: 'pass' }
  | { kind: 'error'; status: number; type: string; message?: string }
  | { kind: 'reset' }
  /**
   * Wait, then pass (or do `then`). A wait beyond the SDK's timeout makes it time out; with
   * `deliverAnyway` the request still reaches DynamoDB afterwards, as a request stuck in a slow
   * network does, after the client gave up on it.
   */
  | { kind: 'delay'; ms: number; then?: FaultAction; deliverAnyway?: boolean }
  /** Pass at once, but hold DynamoDB's answer: the write is applied, the client times out. */
  | { kind: 'late'; ms: number };

export type FaultRule = (request: ProxiedRequest) => FaultAction | Promise<FaultAction>;

export const PASS: FaultAction = { kind: 'pass' };
export const THROTTLED: FaultAction = {
  kind: 'error',
  status: 400,
  type: 'ProvisionedThroughputExceededException',
  message: 'The level of configured provisioned throughput for the table was exceeded.',
};
export const SERVER_ERROR: FaultAction = {
  kind: 'error',
  status: 500,
  type: 'InternalServerError',
  message: 'Internal server error',
};

export interface Counts {
  requests: number;
  bytes: number;
  byOperation: Record<string, { requests: number; bytes: number }>;
}

export class FaultProxy {
  rule: FaultRule = () => PASS;
  counts: Counts = emptyCounts();
  private server: http.Server;
  private readonly sockets = new Set<Socket>();
  private port = 0;
  private closed = false;
  private upstreamInFlight = 0;

  constructor(private readonly target: string) {
    this.server = this.makeServer();
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(port = 0): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Connection refused from now on (and open connections reset). */
  async refuse(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
    this.server = this.makeServer();
  }

  /** Accept connections again, on the same port. */
  async accept(): Promise<void> {
    await this.listen(this.port);
  }

  resetCounts(): void {
    this.counts = emptyCounts();
  }

  /** Stops forwarding (held requests are dropped) and waits for forwarded ones to finish. */
  async close(): Promise<void> {
    this.closed = true;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (let waited = 0; this.upstreamInFlight > 0 && waited < 5000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
  }

  private makeServer(): http.Server {
    // A client that gives up mid-request (a reset it was sent, its own timeout) makes reading the
    // body reject with "aborted": that is the fault under test, not a failure of the proxy.
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch(() => req.socket.destroy());
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    return server;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
    this.count(operation, body.length);
    let action = await this.rule({ operation, body: body.toString('utf8') });
    while (action.kind === 'delay') {
      const { ms, then, deliverAnyway } = action;
      await new Promise((resolve) => setTimeout(resolve, ms));
      if (req.socket.destroyed && !deliverAnyway) return; // the client gave up
      action = then ?? PASS;
    }
    if (action.kind === 'late') {
      this.forward(req, body, res, action.ms);
      return;
    }
    if (action.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (action.kind === 'error') {
      const payload = JSON.stringify({
        __type: `com.amazonaws.dynamodb.v20120810#${action.type}`,
        message: action.message ?? action.type,
      });
      res.writeHead(action.status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(payload);
      return;
    }
    this.forward(req, body, res);
  }

  private forward(
    req: http.IncomingMessage,
    body: Buffer,
    res: http.ServerResponse,
    holdAnswerMs = 0,
  ): void {
    if (this.closed) return;
    this.upstreamInFlight += 1;
    const url = new URL(this.target);
    const upstream = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: url.host },
      },
      (answer) => {
        answer.once('end', () => (this.upstreamInFlight -= 1));
        answer.on('error', () => req.socket.destroy());
        const send = () => {
          if (res.destroyed) {
            answer.resume();
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        };
        if (holdAnswerMs > 0) setTimeout(send, holdAnswerMs);
        else send();
      },
    );
    upstream.on('error', () => {
      this.upstreamInFlight -= 1;
      req.socket.destroy();
    });
    upstream.end(body);
  }

  private count(operation: string, bytes: number): void {
    this.counts.requests += 1;
    this.counts.bytes += bytes;
    const entry = (this.counts.byOperation[operation] ??= { requests: 0, bytes: 0 });
    entry.requests += 1;
    entry.bytes += bytes;
  }
}

function emptyCounts(): Counts {
  return { requests: 0, bytes: 0, byOperation: {} };
}

/** A seeded pseudo-random source (mulberry32), so fault patterns repeat from run to run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
