// Where this till stands with the relay: network, relay reachability, bills waiting, last
// upload. Runs the page-side uploader at start-up, on 'online' and on a timer; the service
// worker runs the same uploader on Background Sync. The upload lock keeps them from overlapping.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { markInCloud } from '../db/bill-repository.js';
import type { OutboxEntry } from '../db/records.js';
import { retryRejected, summarize, wakeAll, wakeRejected } from '../sync/outbox.js';
import { drainOutbox, type DrainReport } from '../sync/uploader.js';
import { services } from '../services.js';
import { useBillsStore } from './bills.js';
import { usePairingStore } from './pairing.js';
import { useTillStatusStore } from './till-status.js';

export type RelayState = 'checking' | 'reachable' | 'unreachable';

export const DRAIN_EVERY_MS = 10_000;
export const HEALTH_EVERY_MS = 15_000;
/** Quiet time after the last save before its upload starts. */
export const UPLOAD_AFTER_SAVE_MS = 400;
/** Bills asked about per round: GET /bills/{id} is cheap, but 64 tills share the relay. */
const CLOUD_CHECKS_PER_ROUND = 20;

export const useSyncStore = defineStore('sync', () => {
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine);
  const relay = ref<RelayState>('checking');
  const waiting = ref(0);
  const rejected = ref<OutboxEntry[]>([]);
  const lastUploadAt = ref<string | null>(null);
  const uploading = ref(false);
  const lastReport = ref<DrainReport | null>(null);

  /** `listChanged`: this page's upload moved bills, so the bill list is re-read in any case. */
  async function refreshCounts(listChanged = false) {
    const { db } = services();
    const summary = await summarize(db);
    const uploadedAt = (await db.kvGet('lastUpload'))?.at ?? null;
    // Another uploader (the service worker, on Background Sync) may have moved bills: when the
    // outbox changed under us, the bill list shows stale places.
    const changedElsewhere =
      summary.waiting < waiting.value ||
      summary.rejected.length !== rejected.value.length ||
      uploadedAt !== lastUploadAt.value;
    waiting.value = summary.waiting;
    rejected.value = summary.rejected;
    lastUploadAt.value = uploadedAt;
    if (listChanged || changedElsewhere) await useBillsStore().reload();
  }

  /** Entries not set aside are waiting (the rejected ones are known from the last refresh). */
  async function countWaiting() {
    waiting.value = (await services().db.count('outbox')) - rejected.value.length;
  }

  /** One pass of the uploader; the result also tells whether the relay answered. */
  async function drain(): Promise<DrainReport> {
    const { db, locks, now, random } = services();
    const pairing = usePairingStore();
    uploading.value = true;
    let moved = false;
    try {
      const report = await drainOutbox({
        db,
        locks,
        now: () => now().getTime(),
        random,
        uploader: async () => (pairing.unauthorized ? undefined : pairing.client),
      });
      lastReport.value = report;
      if (report.outcome === 'unauthorized') pairing.markUnauthorized();
      if (report.outcome === 'unreachable') relay.value = 'unreachable';
      moved = report.uploaded > 0 || report.rejected > 0;
      if (moved) {
        relay.value = 'reachable';
        void useTillStatusStore().report();
      }
      return report;
    } finally {
      uploading.value = false;
      // One re-read of the outbox and, when bills moved, of the list (they show where they are).
      await refreshCounts(moved);
    }
  }

  async function checkHealth() {
    const client = usePairingStore().client;
    if (!client) return;
    try {
      await client.health();
      const wasDown = relay.value !== 'reachable';
      relay.value = 'reachable';
      if (wasDown && waiting.value > 0) {
        await wakeAll(services().db, services().now().getTime());
        await drain();
      }
    } catch {
      relay.value = 'unreachable';
    }
  }

  /** Asks the relay which acknowledged bills have reached DynamoDB. */
  async function refreshCloud() {
    const client = usePairingStore().client;
    if (!client || relay.value !== 'reachable') return;
    const { db } = services();
    const atRelay = (await db.billsAt('relay')).slice(0, CLOUD_CHECKS_PER_ROUND);
    let changed = false;
    for (const record of atRelay) {
      try {
        const remote = await client.getBill(record.id);
        if (remote?.sync === 'synced' && remote.bill.version === record.bill.version) {
          await markInCloud(db, record.id, record.bill.version);
          changed = true;
        }
      } catch {
        return; // The relay went away; next round.
      }
    }
    if (changed) await useBillsStore().reload();
  }

  /**
   * After a save, once the till has been quiet for a moment: wake the service worker's uploader
   * and try from the page too. A cashier saving bill after bill would otherwise have each upload
   * (and its IndexedDB transactions) running beside the next save; waiting sends them together.
   * The bills are already durable here; only their trip to the relay waits.
   */
  let afterSaveTimer: ReturnType<typeof setTimeout> | undefined;
  function afterSave() {
    // The count shows the bill as waiting at once: a count reads no bill, unlike a refresh.
    void countWaiting();
    clearTimeout(afterSaveTimer);
    afterSaveTimer = setTimeout(() => void uploadSaved(), UPLOAD_AFTER_SAVE_MS);
  }
  async function uploadSaved() {
    afterSaveTimer = undefined;
    services().requestBackgroundSync();
    // The drain re-reads the counts when it ends; offline, only the counts change.
    if (online.value) await drain();
    else await refreshCounts();
  }
  /** The page is going away with an upload still to start: Background Sync takes it over. */
  function handOverUpload() {
    if (afterSaveTimer === undefined) return;
    clearTimeout(afterSaveTimer);
    afterSaveTimer = undefined;
    services().requestBackgroundSync();
  }
  // Every saved bill: the bills store tells its listeners and imports nothing of ours.
  useBillsStore().onSaved(() => afterSave());

  async function retry(id: string) {
    await retryRejected(services().db, id, services().now().getTime());
    await drain();
  }

  /** After midnight (store time) the Today view moves on to the new business day. */
  async function followDayChange() {
    const bills = useBillsStore();
    if (bills.followingToday && bills.day !== bills.today()) await bills.reload();
  }

  /** Starts listeners and timers; returns the function that stops them. */
  function start(): () => void {
    const onOnline = async () => {
      online.value = true;
      // Entries backed off while offline would otherwise wait up to 5 minutes.
      await wakeAll(services().db, services().now().getTime());
      await checkHealth();
      await drain();
    };
    const onOffline = () => {
      online.value = false;
      relay.value = 'unreachable';
    };
    const onHidden = () => {
      if (document.visibilityState === 'hidden') handOverUpload();
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', handOverUpload);
    const drainTimer = setInterval(() => {
      // The cashier is saving: the upload after the last save is already on its way.
      if (afterSaveTimer !== undefined) return;
      void wakeRejected(services().db, services().now().getTime())
        .then(drain)
        .then(refreshCloud)
        .then(followDayChange);
    }, DRAIN_EVERY_MS);
    const healthTimer = setInterval(() => void checkHealth(), HEALTH_EVERY_MS);
    void refreshCounts().then(checkHealth).then(drain).then(refreshCloud);
    return () => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', handOverUpload);
      handOverUpload();
      clearInterval(drainTimer);
      clearInterval(healthTimer);
    };
  }

  return {
    online,
    relay,
    waiting,
    rejected,
    lastUploadAt,
    uploading,
    lastReport,
    refreshCounts,
    drain,
    checkHealth,
    refreshCloud,
    afterSave,
    handOverUpload,
    retry,
    start,
  };
});
