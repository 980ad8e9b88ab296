// Local cleanup on a timer: days older than LOCAL_RETENTION_DAYS go from the relay's store only
// once the sync confirmed them in DynamoDB (serve.ts starts it; SIGTERM stops it).
import { businessDay } from '@caja/models';
import type { CleanupResult } from '../storage/index.js';
import type { Sync } from './sync.js';
import type { Logger } from '../logging/logger.js';

export interface CleanupTarget {
  cleanup(rules: {
    retentionDays: number;
    isDayConfirmed: (date: string) => boolean;
    today?: string;
  }): Promise<CleanupResult>;
}

/**
 * Every timeToCleanSeconds, drops local days older than retentionDays that the sync confirmed in
 * DynamoDB (the storage engine decides and journals the drop). Returns a function that stops it.
 */
export function scheduleLocalCleanup(options: {
  store: CleanupTarget;
  sync: Pick<Sync, 'isDayConfirmed'>;
  timeToCleanSeconds: number;
  retentionDays: number;
  timeZone: string;
  now: () => Date;
  logger: Logger;
}): () => void {
  const { store, sync, retentionDays, timeZone, now, logger } = options;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    store
      .cleanup({
        retentionDays,
        today: businessDay(now(), timeZone),
        isDayConfirmed: (date) => sync.isDayConfirmed(date),
      })
      .then((result) => {
        if (result.keptUnconfirmed.length > 0)
          logger.info('cleanup kept days not yet confirmed in DynamoDB', {
            days: result.keptUnconfirmed.join(','),
          });
      })
      .catch((error: Error) => logger.error(`local cleanup failed: ${error.message}`))
      .finally(() => (running = false));
  }, options.timeToCleanSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
