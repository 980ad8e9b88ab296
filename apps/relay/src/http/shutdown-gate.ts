// Shutdown: from beginShutdown() on, every request gets 503 and every connection closes after its
// current response, so keep-alive clients cannot hold the server open.
import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { errorBody, sendError } from './errors.js';

export class ShutdownGate {
  private stopping = false;
  private readonly inFlight = new Set<ServerResponse>();
  /** One listener for every response (`this` is the response): no closure per request. */
  private readonly forget: (this: ServerResponse) => void;

  constructor() {
    const inFlight = this.inFlight;
    this.forget = function (this: ServerResponse) {
      inFlight.delete(this);
    };
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Tracks a response until it closes; false once stopping (the caller answers 503). */
  admit(res: ServerResponse): boolean {
    if (this.stopping) return false;
    this.inFlight.add(res);
    res.once('close', this.forget);
    return true;
  }

  begin(): void {
    this.stopping = true;
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
  }

  /** First middleware of the app. */
  readonly middleware: RequestHandler = (_req, res, next) => {
    if (this.admit(res)) return next();
    res.set('Connection', 'close');
    sendError(
      res,
      503,
      errorBody('shutting_down', 'The relay is stopping; retry in a few seconds'),
    );
  };
}
