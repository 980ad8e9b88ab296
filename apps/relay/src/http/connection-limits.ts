// Connections are the relay's scarcest resource: each holds a file descriptor, and with a low
// descriptor limit 1,100 idle half-sent requests from one machine starved every till. So:
// a cap per client address (a till needs a few: uploads, its event stream, the app), a cap in
// all below the descriptor limit, and timeouts so a half-sent request is dropped in seconds.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../logging/logger.js';

export interface ConnectionLimits {
  /** Open connections from one address; more are closed at once. */
  perAddress: number;
  /** Open connections in all (Node's server.maxConnections). */
  total: number;
  /** A request's headers must arrive within this (ms). */
  headersTimeoutMs: number;
  /** A whole request (an 8 MB batch over poor Wi-Fi) must arrive within this (ms). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (ms). */
  keepAliveTimeoutMs: number;
  /** How often Node checks the two timeouts above (ms); its default is 30 s. */
  checkIntervalMs: number;
}

export const CONNECTION_LIMITS: ConnectionLimits = {
  perAddress: 64,
  total: 900,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
};

/**
 * The options for `http.createServer` / `https.createServer`. They must be given at
 * construction: Node arms the timeout checker with `connectionsCheckingInterval` from the
 * options when the server starts listening, and a value set on the server after it listens is
 * never read (a slow-headers client would then be cut up to 30 s after headersTimeout).
 */
export function serverOptions(limits: ConnectionLimits = CONNECTION_LIMITS) {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs,
  };
}

/**
 * Applies the connection caps to a server (HTTP or HTTPS) made with `serverOptions(limits)`;
 * returns the per-address counts, for tests.
 */
export function limitConnections(
  server: Server,
  logger: Logger,
  limits: ConnectionLimits = CONNECTION_LIMITS,
): Map<string, number> {
  server.maxConnections = limits.total;
  const open = new Map<string, number>();
  // HTTP and HTTPS servers both report the raw socket on 'connection', before any TLS work.
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    if (count > limits.perAddress) {
      logger.warn('connection refused: too many from one address', {
        address,
        limit: limits.perAddress,
      });
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
  server.on('drop', () => {
    logger.warn('connection refused: the relay has its maximum of open connections', {
      limit: limits.total,
    });
  });
  return open;
}
