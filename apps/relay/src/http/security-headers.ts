// Helmet's headers as a fixed list. With our options helmet sets the same headers on every
// response, so running it once at start-up against a recording response gives the list the
// bill-write fast path sends, without paying for the middleware on every request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

/** Name/value pairs in helmet's order, flat (writeHead's array form). */
export function recordHeaders(middleware: RequestHandler): string[] {
  const pairs: string[] = [];
  const recorder = {
    setHeader(name: string, value: unknown) {
      pairs.push(name, String(value));
      return recorder;
    },
    removeHeader() {},
    getHeader() {
      return undefined;
    },
    locals: {},
  };
  let nextCalled = false;
  void middleware(
    {} as IncomingMessage as Parameters<RequestHandler>[0],
    recorder as unknown as ServerResponse as Parameters<RequestHandler>[1],
    (error?: unknown) => {
      if (error) throw error instanceof Error ? error : new Error(String(error));
      nextCalled = true;
    },
  );
  // A middleware that answers later or per request (CSP nonces) cannot be frozen into a list.
  if (!nextCalled) throw new Error('security headers middleware did not finish synchronously');
  return pairs;
}
