// The two bill-write endpoints served straight on node:http: at the load a shop's tills make
// when they flush backlogs, Express's own work per request (~250 µs of CPU) cost more than the
// validation and the durable write together. The fast path runs the same steps as the Express
// stack, in the same order, with the same services and answers:
//   shutdown gate → security headers → bearer auth → per-token limit → body → intake → answer.
// Anything it does not recognise exactly goes to Express, which stays the reference.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { MAX_BATCH_BYTES, MAX_BILL_BYTES } from '../services/bill-intake.js';
import { authFailureBody } from './auth.js';
import { answerForError } from './errors.js';
import type { AppDeps } from './app.js';
import { rateLimitedBody } from './rate-limits.js';
import { canReadFast, readJsonBody } from './raw-json-body.js';
import { recordRequest } from './request-metrics.js';
import { batchAnswer, errorCodeOf, httpAnswer } from './routes/bills-routes.js';
import { shuttingDownBody, type ShutdownGate } from './shutdown-gate.js';
import type { TokenRateLimiter } from './token-rate-limiter.js';

const BILLS_PREFIX = '/api/v1/bills/';
const BATCH_PATH = '/api/v1/bills/batch';
const ONE_ROUTE = '/api/v1/bills/:id';
/** Rejections before routing (auth, rate limit) count under this route, as Express counts them. */
const UNROUTED = 'unmatched';

export interface FastPathDeps extends Pick<
  AppDeps,
  'authenticator' | 'intake' | 'metrics' | 'logger'
> {
  gate: ShutdownGate;
  limiter: TokenRateLimiter | undefined;
  /** Helmet's headers, flat name/value pairs (see recordHeaders). */
  securityHeaders: readonly string[];
}

interface BillWrite {
  route: typeof ONE_ROUTE | typeof BATCH_PATH;
  /** The decoded path id, for PUT. */
  id: string;
}

export function billWritesFastPath(deps: FastPathDeps, fallback: RequestListener): RequestListener {
  return (req, res) => {
    const write = matchBillWrite(req);
    if (write === undefined) return fallback(req, res);
    void serveBillWrite(deps, write, req, res);
  };
}

/** PUT /api/v1/bills/{id} and POST /api/v1/bills/batch in their plain form; else undefined. */
export function matchBillWrite(req: IncomingMessage): BillWrite | undefined {
  const url = req.url ?? '';
  if (req.method === 'POST') {
    return url === BATCH_PATH && canReadFast(req) ? { route: BATCH_PATH, id: '' } : undefined;
  }
  if (req.method !== 'PUT' || !url.startsWith(BILLS_PREFIX)) return undefined;
  let id = url.slice(BILLS_PREFIX.length);
  // Trailing slashes, extra segments and query strings: Express's router knows those rules.
  if (id === '' || id.includes('/') || id.includes('?')) return undefined;
  if (id.includes('%')) {
    try {
      id = decodeURIComponent(id);
    } catch {
      return undefined; // Express answers broken %-encoding with its 400
    }
  }
  return canReadFast(req) ? { route: ONE_ROUTE, id } : undefined;
}

interface Reply {
  status: number;
  body: unknown;
  /** The metrics route: the pattern once routed, "unmatched" for auth and rate-limit refusals. */
  route: string;
}

async function serveBillWrite(
  deps: FastPathDeps,
  write: BillWrite,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = req.method!;
  if (!deps.gate.admit(res)) {
    // Before helmet and the metrics in the Express app too: a bare 503.
    sendJson(res, 503, { error: shuttingDownBody() }, ['Connection', 'close']);
    return;
  }
  const started = process.hrtime.bigint();
  const headers = [...deps.securityHeaders];
  // Express has not routed a request until auth and the rate limit pass: errors before count
  // under "unmatched" there too.
  let route: string = UNROUTED;
  let reply: Reply | undefined;
  try {
    reply = refusal(deps, req, headers);
    if (reply === undefined) {
      route = write.route;
      reply = await billWrite(deps, write, req);
    }
  } catch (error) {
    const { status, body } = answerForError(error, deps.logger, { method, route });
    reply = { status, body: { error: body }, route };
  }
  if (!sendJson(res, reply.status, reply.body, headers)) return;
  recordRequest(deps.metrics, deps.logger, {
    method,
    route: reply.route,
    status: reply.status,
    started,
    code: errorCodeOf(reply.body),
  });
}

/** Bearer auth and the token's budget: a 401 or 429 reply, or undefined to go on. */
function refusal(deps: FastPathDeps, req: IncomingMessage, headers: string[]): Reply | undefined {
  const auth = deps.authenticator.authenticate(req.headers.authorization);
  if (!auth.ok) {
    headers.push('WWW-Authenticate', 'Bearer');
    return { status: 401, body: { error: authFailureBody(auth.reason) }, route: UNROUTED };
  }
  const limiter = deps.limiter;
  if (limiter === undefined) return undefined;
  const decision = limiter.take(auth.principal.rateKey);
  headers.push(...limiter.headers(decision));
  if (decision.allowed) return undefined;
  return { status: 429, body: { error: rateLimitedBody(decision.limit) }, route: UNROUTED };
}

/** Body, intake, answer: what billsRouter's two write handlers do. */
async function billWrite(deps: FastPathDeps, write: BillWrite, req: IncomingMessage) {
  const route = write.route;
  const read = await readJsonBody(req, route === ONE_ROUTE ? MAX_BILL_BYTES : MAX_BATCH_BYTES);
  if (!read.ok) {
    const where = { method: req.method!, route };
    const { status, body } = answerForError(read.error, deps.logger, where);
    return { status, body: { error: body }, route };
  }
  const answer =
    route === ONE_ROUTE
      ? httpAnswer(await deps.intake.putOne(write.id, read.value))
      : batchAnswer(await deps.intake.putBatch(read.value));
  return { ...answer, route };
}

/** What Express's res.status().json() sends: the same headers, in the same order. */
function sendJson(res: ServerResponse, status: number, body: unknown, headers: string[]): boolean {
  // A client that hung up gets nothing, and (as with Express's 'finish') counts in no metric.
  if (res.headersSent || res.destroyed) return false;
  const text = JSON.stringify(body);
  headers.push(
    'Content-Type',
    'application/json; charset=utf-8',
    'Content-Length',
    String(Buffer.byteLength(text)),
  );
  res.writeHead(status, headers);
  res.end(text);
  return true;
}
