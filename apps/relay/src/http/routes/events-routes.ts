// GET /api/v1/events: server-sent events with shift totals (docs/live-updates.md). Tills read it
// with fetch() streaming, so the bearer header works (EventSource cannot send headers).
import { Router, type Response } from 'express';
import type { LiveUpdates, ShiftEvent } from '../../services/live-updates.js';
import { principalOf } from '../auth.js';
import { errorBody, sendError } from '../errors.js';

/** A till that stops reading is dropped once this much is queued for it. */
const MAX_QUEUED_BYTES = 1024 * 1024;
export const HEARTBEAT_MS = 15_000;

/**
 * A till needs one stream (two during a reconnect); each costs a connection and a summary per
 * change. Without caps, 5,000 streams on one token took intake from 1,510 to 90 bills/s.
 */
export const STREAM_LIMITS = { perToken: 4, total: 256 } as const;

export interface EventStreams {
  router: Router;
  /** Ends every open stream (shutdown), so the server can close. */
  closeAll(): void;
  /** Ends the streams of a till (revoked: it must not keep receiving the shop's totals). */
  closeTill(tillId: string): void;
  readonly openCount: number;
}

interface OpenStream {
  res: Response;
  rateKey: string;
  tillId: string | undefined;
}

export function eventStreams(
  live: LiveUpdates,
  heartbeatMs = HEARTBEAT_MS,
  limits: { perToken: number; total: number } = STREAM_LIMITS,
): EventStreams {
  // Insertion order: the first of a token's streams is its oldest.
  const open = new Set<OpenStream>();
  const router = Router();

  router.get('/api/v1/events', (req, res) => {
    const principal = principalOf(res);
    const rateKey = principal?.rateKey ?? 'anonymous';
    const mine = [...open].filter((stream) => stream.rateKey === rateKey);
    // A till that reconnects while its old stream is not yet known dead: the oldest gives way.
    for (const stale of mine.slice(0, Math.max(0, mine.length - limits.perToken + 1))) {
      stale.res.end();
      open.delete(stale);
    }
    if (open.size >= limits.total) {
      res.set('Retry-After', '30');
      sendError(
        res,
        503,
        errorBody(
          'too_many_streams',
          `The relay serves at most ${limits.total} live-update streams; retry later.`,
        ),
      );
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store, no-transform',
      'X-Accel-Buffering': 'no',
    });
    // Tells EventSource-style clients how soon to reconnect after a drop.
    res.write('retry: 3000\n\n');
    const write = (text: string) => {
      if (res.writableLength > MAX_QUEUED_BYTES) {
        res.destroy();
        return;
      }
      res.write(text);
    };
    const send = ({ summary, lsn }: ShiftEvent) =>
      write(`event: shift\nid: ${lsn}\ndata: ${JSON.stringify(summary)}\n\n`);
    const stopListening = live.listen(send);
    const stopAnnouncements = live.onAnnouncement((what) => write(`event: ${what}\ndata: {}\n\n`));
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs);
    const stream: OpenStream = {
      res,
      rateKey,
      tillId: principal?.kind === 'till' ? principal.tillId : undefined,
    };
    open.add(stream);
    const cleanUp = () => {
      clearInterval(heartbeat);
      stopListening();
      stopAnnouncements();
      open.delete(stream);
    };
    res.on('close', cleanUp);
    req.on('close', cleanUp);
  });

  return {
    router,
    closeAll: () => {
      for (const stream of open) stream.res.end();
    },
    closeTill: (tillId) => {
      for (const stream of open) {
        if (stream.tillId !== tillId) continue;
        // destroy, not end: nothing more may reach a revoked till, not even queued events.
        stream.res.destroy();
        open.delete(stream);
      }
    },
    get openCount() {
      return open.size;
    },
  };
}
