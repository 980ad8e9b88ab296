// What the till tells the relay about itself (highest bill number, unsent bills, storage, app
// version) every minute and after uploads, and what it learns back: whether its clock agrees
// with the relay's. An older relay without the status endpoint answers 404: nothing breaks.
import { countedTotal } from '@caja/models';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { TillStatusReport } from '../api/relay-client.js';
import { highestBillNumber } from '../db/bill-repository.js';
import { services } from '../services.js';
import { clockIsOff, clockSkew } from '../sync/clock.js';
import { usePairingStore } from './pairing.js';

export const STATUS_EVERY_MS = 60_000;

declare const __APP_VERSION__: string | undefined;
/** Set by the build (vite.config.ts); tests run the sources, hence the fallback. */
export const APP_VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';

export type StatusReportState = 'never' | 'sent' | 'unsupported' | 'failed';

export const useTillStatusStore = defineStore('till-status', () => {
  /** Relay clock minus ours, ms; null until the relay has answered once. */
  const skewMs = ref<number | null>(null);
  const clockWrong = computed(() => clockIsOff(skewMs.value));
  const lastReport = ref<StatusReportState>('never');

  function noteServerDate(serverDate: Date) {
    skewMs.value = clockSkew(serverDate, services().now());
  }
  usePairingStore().onServerDate(noteServerDate);

  async function gather(): Promise<TillStatusReport> {
    const { db } = services();
    const storage = (globalThis.navigator as Navigator | undefined)?.storage;
    const [highestNumber, unsent, persisted, estimate] = await Promise.all([
      highestBillNumber(db, usePairingStore().tillId),
      db.getAll('outbox'),
      storage?.persisted?.().catch(() => false) ?? false,
      storage?.estimate?.().catch(() => undefined) ?? undefined,
    ]);
    return {
      highestNumber,
      outbox: unsent.length,
      outboxTotal: unsent.reduce((sum, entry) => sum + countedTotal(entry.bill), 0),
      storage: {
        persisted,
        usage: estimate?.usage ?? null,
        quota: estimate?.quota ?? null,
      },
      appVersion: APP_VERSION,
    };
  }

  /** Sends the report now; never throws (the next minute tries again). */
  async function report(): Promise<StatusReportState> {
    const pairing = usePairingStore();
    const client = pairing.client;
    if (!client || pairing.unauthorized) return lastReport.value;
    try {
      lastReport.value = (await client.reportStatus(await gather())) ? 'sent' : 'unsupported';
    } catch {
      lastReport.value = 'failed';
    }
    return lastReport.value;
  }

  function start(): () => void {
    const timer = setInterval(() => void report(), STATUS_EVERY_MS);
    void report();
    return () => clearInterval(timer);
  }

  return { skewMs, clockWrong, lastReport, noteServerDate, gather, report, start };
});
