// Entry point of the sync worker thread (dist/sync-worker.js): the DynamoDB sync (requests, the
// AWS SDK, retries, circuit breaker, consistency checks) off the event loop that answers tills.
// It keeps a replica of the bill store from the journal (replica.ts) and reports its state to the
// main thread (worker-host.ts) after every change it notices, at most every REPORT_MS.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { LogFields, LogLevel, Logger } from '../logging/logger.js';
import { createSync } from './index.js';
import { IntakeAwarePace } from './pacing.js';
import { JournalReplica } from './replica.js';
import { SegmentJournalReader } from './storage-journal.js';
import type { FromWorker, SyncReport, ToWorker, WorkerSettings } from './worker-protocol.js';

const REPORT_MS = 250;
/** Nice value of this thread: when the CPU is short, the threads answering tills go first. */
const SYNC_NICE = 10;

try {
  // On Linux this changes only the calling thread: the worker, not the relay's main thread.
  setPriority(SYNC_NICE);
} catch {
  // Not permitted or not supported here: the sync still runs, at normal priority.
}

const port = parentPort!;
const settings = workerData as WorkerSettings;
const post = (message: FromWorker) => port.postMessage(message);
// Lines go to the main thread's logger (its level, its repeated-line collapsing).
const logAt = (level: LogLevel) => (message: string, fields?: LogFields) =>
  post({ type: 'log', level, message, ...(fields ? { fields } : {}) });
const logger: Logger = {
  debug: logAt('debug'),
  info: logAt('info'),
  warn: logAt('warn'),
  error: logAt('error'),
};

let durable = 0;
const pace = new IntakeAwarePace({
  concurrency: settings.concurrency,
  batchSize: settings.batchSize,
});
const replica = new JournalReplica(new SegmentJournalReader(settings.dataDir, () => durable));
const sync = createSync({
  ...settings,
  store: replica,
  // The drain reads no further than the replica: every record it confirms is known to it.
  journal: new SegmentJournalReader(settings.dataDir, () => replica.lsn),
  logger,
  pace,
});

function report(): SyncReport {
  const status = sync.status();
  const asOf = replica.lsn;
  const confirmedDays: [string, number][] = replica
    .shifts('0000-01-01', '9999-12-31')
    .filter((day) => sync.isDayConfirmed(day.date))
    .map((day) => [day.date, asOf]);
  return {
    status,
    asOfLsn: asOf,
    confirmedDays,
    deadLetters: sync.deadLetters(),
    conflicts: sync.conflicts(),
    requeued: sync.requeuedBills(),
    alerts: sync.recentAlerts(),
    metrics: sync.metrics(),
    target: sync.target(),
  };
}

let lastReport = '';
function sendReport(): void {
  const next = report();
  const key = JSON.stringify(next);
  if (key === lastReport) return;
  lastReport = key;
  post({ type: 'report', report: next });
}
// Reports start once the sync has started: before, its status knows nothing of the journal.
let reporter: NodeJS.Timeout | undefined;

let following = Promise.resolve();
/** A read of the journal put off while intake is busy (pacing.ts). */
let deferredFollow: NodeJS.Timeout | undefined;
function follow(): void {
  clearTimeout(deferredFollow);
  deferredFollow = undefined;
  following = replica
    .follow(durable)
    .catch((error: Error) => logger.error(`sync could not read the journal: ${error.message}`));
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'load':
      replica.load(message.entries);
      return;
    case 'loaded':
      replica.loaded(message.lsn);
      durable = Math.max(durable, message.lsn);
      void sync.start().then(() => {
        post({ type: 'started' });
        sendReport();
        reporter = setInterval(sendReport, REPORT_MS);
      });
      return;
    case 'durable': {
      durable = Math.max(durable, message.lsn);
      const delay = pace.followDelay();
      if (delay === 0) follow();
      else deferredFollow ??= setTimeout(follow, delay);
      return;
    }
    case 'intake':
      pace.intake(message.utilization);
      return;
    case 'sync-now':
      // A run asked for now covers every bill durable so far.
      if (deferredFollow) follow();
      void following
        .then(() => sync.syncNow())
        .then((result) => {
          sendReport();
          post({ type: 'ran', id: message.id, result });
        });
      return;
    case 'resolve-conflict':
      void sync
        .resolveConflict(message.billId)
        .catch((error: Error) => {
          logger.error(`resolving the conflict on ${message.billId} failed: ${error.message}`);
          return 'changed' as const;
        })
        .then((outcome) => {
          sendReport();
          post({ type: 'resolved', id: message.id, outcome });
        });
      return;
    case 'stop':
      clearInterval(reporter);
      clearTimeout(deferredFollow);
      void sync.stop().finally(() => {
        sendReport();
        post({ type: 'stopped' });
        port.close();
      });
      return;
  }
});
