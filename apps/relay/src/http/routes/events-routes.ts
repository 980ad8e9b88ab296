// GET /api/v1/events: server-sent events with shift totals (docs/live-updates.md). Tills read it
// with fetch() streaming, so the bearer header works (EventSource cannot send headers).
import { Router, type Response } from 'express';
import type { LiveUpdates, ShiftEvent } from '../../services/live-updates.js';

/** A till that stops reading is dropped once this much is queued for it. */
const MAX_QUEUED_BYTES = 1024 * 1024;
export const HEARTBEAT_MS = 15_000;

export interface EventStreams {
  router: Router;
  /** Ends every open stream (shutdown), so the server can close. */
  closeAll(): void;
}

export function eventStreams(live: LiveUpdates, heartbeatMs = HEARTBEAT_MS): EventStreams {
  const open = new Set<Response>();
  const router = Router();

  router.get('/api/v1/events', (req, res) => {
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
    open.add(res);
    const cleanUp = () => {
      clearInterval(heartbeat);
      stopListening();
      stopAnnouncements();
      open.delete(res);
    };
    res.on('close', cleanUp);
    req.on('close', cleanUp);
  });

  return {
    router,
    closeAll: () => {
      for (const res of open) res.end();
    },
  };
}
