// Drains the outbox to the relay. Runs from the page (start-up, 'online', a timer) and from the
// service worker (Background Sync); a Web Lock makes sure only one of them runs at a time.
import type { Bill } from '@caja/models';
import type { UploadResult } from '../api/relay-client.js';
import { RelayError } from '../api/relay-error.js';
import type { TillDb } from '../db/idb.js';
import { UPLOAD_LOCK, type Locks } from './locks.js';
import {
  acknowledge,
  dueEntries,
  postpone,
  resolveConflict,
  setAside,
  summarize,
  wakeAll,
} from './outbox.js';

export interface BillUploader {
  uploadBills(bills: readonly Bill[]): Promise<UploadResult[]>;
}

export interface DrainDeps {
  db: TillDb;
  /** The relay client for the current pairing; undefined while the till is not paired. */
  uploader: () => Promise<BillUploader | undefined>;
  locks: Locks;
  now: () => number;
  random: () => number;
  batchSize?: number;
  /** Upper bound on requests per drain, so one call always ends. */
  maxBatches?: number;
}

export type DrainOutcome =
  /** Another tab or the service worker is uploading right now. */
  | 'busy'
  | 'not_paired'
  /** Nothing due is left (some entries may wait for their back-off). */
  | 'done'
  /** The relay could not be reached; entries were postponed. */
  | 'unreachable'
  /** The relay refused the token: pair again. Entries stay as they were. */
  | 'unauthorized'
  /** The relay answered the request with an error (5xx, 429, …); entries were postponed. */
  | 'relay_error';

export interface DrainReport {
  outcome: DrainOutcome;
  uploaded: number;
  rejected: number;
  waiting: number;
  error?: string;
}

/** Statuses that mean "this bill will never be accepted as it is": set it aside. */
const REFUSED = new Set([400, 403, 409, 413, 422]);

export async function drainOutbox(deps: DrainDeps): Promise<DrainReport> {
  const locked = await deps.locks.tryWithLock(UPLOAD_LOCK, () => drainLocked(deps));
  if (locked.acquired) return locked.value;
  return { outcome: 'busy', uploaded: 0, rejected: 0, waiting: (await summarize(deps.db)).waiting };
}

async function drainLocked(deps: DrainDeps): Promise<DrainReport> {
  const { db, now, random } = deps;
  let batchSize = deps.batchSize ?? 100;
  const maxBatches = deps.maxBatches ?? 50;
  const report: DrainReport = { outcome: 'done', uploaded: 0, rejected: 0, waiting: 0 };
  const uploader = await deps.uploader();
  if (!uploader) {
    report.outcome = 'not_paired';
  } else {
    // A relay that answers is reachable now: bills still backed off from when it was not (a
    // failure that raced the network's return, another uploader's attempt) go up in this drain
    // too, once, instead of waiting out a back-off that no longer means anything.
    let answered = false;
    let woken = false;
    for (let round = 0; round < maxBatches; round += 1) {
      let batch = (await dueEntries(db, now())).slice(0, batchSize);
      if (batch.length === 0 && answered && !woken) {
        woken = true;
        await wakeAll(db, now());
        batch = (await dueEntries(db, now())).slice(0, batchSize);
      }
      if (batch.length === 0) break;
      const sent = batch.map(({ id, version }) => ({ id, version }));
      let results: UploadResult[];
      try {
        results = await uploader.uploadBills(batch.map((entry) => entry.bill));
      } catch (error) {
        // A batch over the relay's byte limit: halve it and go on; a single bill that is too
        // large will never fit, so it is set aside like any other refused bill.
        if (error instanceof RelayError && error.status === 413) {
          if (batch.length > 1) {
            batchSize = Math.ceil(batch.length / 2);
            continue;
          }
          await setAside(db, sent[0]!.id, sent[0]!.version, {
            status: 413,
            code: error.code,
            message: error.message,
            at: new Date(now()).toISOString(),
          });
          report.rejected += 1;
          continue;
        }
        const failure = classify(error);
        report.outcome = failure.outcome;
        report.error = failure.message;
        if (failure.outcome !== 'unauthorized') {
          await postpone(db, sent, failure.message, now(), random);
        }
        break;
      }
      answered = true;
      const accepted = sent.filter((_, index) => isStored(results[index]));
      await acknowledge(db, accepted, new Date(now()));
      report.uploaded += accepted.length;
      for (const [index, result] of results.entries()) {
        const { id, version } = sent[index]!;
        if (isStored(result)) continue; // acknowledged above, all in one transaction
        if (result.status === 409 && result.stored) {
          // Adopted: nothing to send. Rebased: the next version goes up in a later round.
          const outcome = await resolveConflict(
            db,
            { id, version },
            result.stored,
            new Date(now()),
          );
          if (outcome === 'adopted') report.uploaded += 1;
        } else if (REFUSED.has(result.status)) {
          await setAside(db, id, version, {
            status: result.status,
            code: result.code ?? `http_${result.status}`,
            message: result.message ?? `The relay refused the bill (${result.status})`,
            at: new Date(now()).toISOString(),
          });
          report.rejected += 1;
        } else {
          const message = result.message ?? `The relay answered ${result.status}`;
          await postpone(db, [{ id, version }], message, now(), random);
        }
      }
    }
  }
  report.waiting = (await summarize(db)).waiting;
  return report;
}

function isStored(result: UploadResult | undefined): boolean {
  return result?.status === 200 || result?.status === 201;
}

function classify(error: unknown): { outcome: DrainOutcome; message: string } {
  if (error instanceof RelayError) {
    if (error.kind === 'network') return { outcome: 'unreachable', message: error.message };
    if (error.kind === 'unauthorized') return { outcome: 'unauthorized', message: error.message };
    return { outcome: 'relay_error', message: error.message };
  }
  return {
    outcome: 'relay_error',
    message: error instanceof Error ? error.message : String(error),
  };
}
