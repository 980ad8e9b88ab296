// Webhook alerts: a JSON POST to ALERT_WEBHOOK_URL. Delivery is best effort with a short timeout;
// a failure is logged and never thrown, so an unreachable webhook cannot disturb syncing.
import type { SyncLogger } from './ports.js';

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ ok: boolean; status: number }>;

export interface AlertSender {
  send(payload: Record<string, unknown>): Promise<void>;
}

export function webhookAlerts(
  url: string | undefined,
  logger: SyncLogger,
  fetchImpl: FetchLike = globalThis.fetch as unknown as FetchLike,
  timeoutMs = 5000,
): AlertSender {
  return {
    async send(payload) {
      if (!url) return;
      try {
        const response = await fetchImpl(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!response.ok)
          logger.warn(`Alert webhook answered ${response.status}`, { event: payload.event });
      } catch (error) {
        logger.warn(`Alert webhook could not be reached: ${(error as Error).message}`, {
          event: payload.event,
        });
      }
    },
  };
}
