// Day-level work after the journal is drained:
// - writeSummaries: each dirty day that is settled (all its bills confirmed) gets its SUMMARY
//   rewritten from the local bills, which then equal DynamoDB's.
// - checkDays: the consistency check. Each settled past day is compared with its SUMMARY; a day
//   becomes confirmed (isDayConfirmed, which lets local cleanup delete it) only once its bill
//   items were read back and matched, because cleanup deletes the last local copy. Confirmed days
//   are re-checked every checkIntervalMs through their SUMMARY alone. A mismatch reads the day's
//   bills (Query, all pages) and requeues every bill missing or older in DynamoDB.
// A day local cleanup dropped (ledger.droppedDays) may get a bill again (a late new version):
// DynamoDB still holds the day's other bills, which this relay no longer has, so its SUMMARY and
// its check count those too, read back from DynamoDB, never only the bills left locally.
import { businessDay, type Bill, sameContent } from '@caja/models';
import { sameSummary, summarizeDay } from './digest.js';
import type { SyncLedger } from './ledger.js';
import type { Logger } from '../logging/logger.js';
import type { BillTable, ReplacedSummary, SyncedStore } from './ports.js';
import type { ResilientCaller } from './resilience.js';

export interface DayDeps {
  store: SyncedStore;
  table: BillTable;
  caller: ResilientCaller;
  ledger: SyncLedger;
  timeZone: string;
  checkIntervalMs: number;
  now: () => Date;
  signal: AbortSignal;
  logger: Logger;
  /** DynamoDB holds a bill of the day at its local version with other content. */
  onConflict(bill: Bill, date: string): void;
  /** When this sync started (ISO): a SUMMARY another relay wrote since then is a live writer. */
  startedAt: string;
  /** The day's SUMMARY, written by this relay, was since rewritten by relay `writerId`. */
  onOtherWriter(date: string, writerId: string): void;
}

/**
 * After a SUMMARY write: the one it replaced was written by another relay since this one started,
 * so two relays write one STORE_ID (even on days neither checks, such as today).
 */
function noteReplaced(deps: DayDeps, date: string, replaced: ReplacedSummary): void {
  const { writerId, updatedAt } = replaced;
  if (writerId && writerId !== deps.ledger.instanceId && (updatedAt ?? '') >= deps.startedAt)
    deps.onOtherWriter(date, writerId);
}

export interface DayTally {
  summariesWritten: number;
  daysChecked: number;
  billsRequeued: number;
}

export async function writeSummaries(deps: DayDeps, tally: DayTally): Promise<void> {
  const { ledger, caller, table, store } = deps;
  const written = tally.summariesWritten;
  for (const date of ledger.dirtyDays) {
    if (deps.signal.aborted) return;
    if (!ledger.isSettled(date)) continue;
    const localBills = store.shift(date).bills;
    const bills = ledger.droppedDays.has(date)
      ? withDropped(localBills, await caller.call(() => table.queryDay(date), deps.signal), store)
      : localBills;
    const summary = {
      ...summarizeDay(bills),
      writerId: ledger.instanceId,
      ...ledger.chain,
    };
    const updatedAt = deps.now().toISOString();
    const replaced = await caller.call(
      () => table.putSummary(date, summary, updatedAt),
      deps.signal,
    );
    noteReplaced(deps, date, replaced);
    ledger.summaryWritten(date);
    ledger.summariesWritten.add(date);
    tally.summariesWritten += 1;
  }
  // The dirty list shrank: save it, so a restart does not rewrite these summaries again.
  if (tally.summariesWritten > written) await ledger.persist();
}

/**
 * Days before today (in the store's zone) that have bills locally, or that a bill left (its old
 * copy must go from DynamoDB even when no local bill remains there): today keeps changing.
 */
export function daysToCheck(deps: DayDeps): string[] {
  const today = businessDay(deps.now(), deps.timeZone);
  const nowMs = deps.now().getTime();
  const local = deps.store.shifts('0000-01-01', '9999-12-31').map((shift) => shift.date);
  return [...new Set([...local, ...deps.ledger.formerDays])]
    .sort()
    .filter((date) => date < today && deps.ledger.isSettled(date))
    .filter((date) => {
      const checkedAt = deps.ledger.confirmedDays.get(date);
      return checkedAt === undefined || nowMs - checkedAt >= deps.checkIntervalMs;
    });
}

export async function checkDays(deps: DayDeps, tally: DayTally): Promise<void> {
  for (const date of daysToCheck(deps)) {
    if (deps.signal.aborted) return;
    await checkDay(date, deps, tally);
    tally.daysChecked += 1;
  }
}

async function checkDay(date: string, deps: DayDeps, tally: DayTally): Promise<void> {
  const { ledger, caller, table } = deps;
  const localBills = deps.store.shift(date).bills;
  // A dropped day is only known whole from DynamoDB's bill items: read them every time.
  const dropped = ledger.droppedDays.has(date);
  let remoteBills = dropped
    ? await caller.call(() => table.queryDay(date), deps.signal)
    : undefined;
  const local = summarizeDay(
    remoteBills ? withDropped(localBills, remoteBills, deps.store) : localBills,
  );
  const remote = await caller.call(() => table.getSummary(date), deps.signal);
  if (
    remote?.writerId &&
    remote.writerId !== ledger.instanceId &&
    ledger.summariesWritten.has(date)
  )
    deps.onOtherWriter(date, remote.writerId);
  const wasConfirmed = ledger.confirmedDays.has(date);
  if (wasConfirmed && sameSummary(local, remote)) {
    ledger.confirmedDays.set(date, deps.now().getTime());
    return;
  }
  if (wasConfirmed) {
    deps.logger.warn(`DynamoDB no longer matches the local bills of ${date}: checking its bills`);
    ledger.confirmedDays.delete(date);
  }
  remoteBills ??= await caller.call(() => table.queryDay(date), deps.signal);
  const repair = compareDay(localBills, remoteBills, deps.store, date);
  // On a dropped day, the bills this relay does not know are the ones its cleanup dropped.
  if (dropped) repair.unknown = [];
  for (const stray of repair.strays) {
    await caller.call(() => table.deleteBill(date, stray.id, stray.version), deps.signal);
  }
  for (const unknown of repair.unknown) {
    deps.logger.error(
      `DynamoDB holds bill ${unknown.id} (version ${unknown.version}) in ${date} but this relay ` +
        'does not know it: another relay with the same STORE_ID, or local data was lost. ' +
        'The day stays unconfirmed, so it is never cleaned up locally.',
    );
  }
  for (const bill of repair.conflicting) {
    const stored = deps.store.get(bill.id);
    if (!stored) continue;
    ledger.addConflict({
      id: bill.id,
      version: bill.version,
      date,
      lsn: stored.lsn,
      at: deps.now().toISOString(),
    });
    deps.onConflict(bill, date);
  }
  for (const bill of repair.newerRemotely) {
    deps.logger.error(
      `DynamoDB holds bill ${bill.id} of ${date} at a newer version than this relay: ` +
        'the day stays unconfirmed.',
    );
  }
  if (repair.missing.length > 0) {
    const nowMs = deps.now().getTime();
    for (const bill of repair.missing) {
      const stored = deps.store.get(bill.id);
      if (!stored) continue;
      ledger.requeue.set(bill.id, date);
      ledger.pending.note(bill.id, stored.lsn, date, nowMs);
    }
    ledger.markChanged(date);
    tally.billsRequeued += repair.missing.length;
    deps.logger.warn(
      `${repair.missing.length} bill(s) of ${date} are missing or older in DynamoDB: requeued`,
    );
    return;
  }
  if (repair.unknown.length > 0 || repair.newerRemotely.length > 0 || repair.conflicting.length > 0)
    return;
  // The bill items match. Rewrite the SUMMARY if it was missing or stale, then the day is confirmed.
  if (!sameSummary(local, remote)) {
    const updatedAt = deps.now().toISOString();
    const summary = { ...local, writerId: ledger.instanceId, ...ledger.chain };
    const replaced = await caller.call(
      () => table.putSummary(date, summary, updatedAt),
      deps.signal,
    );
    noteReplaced(deps, date, replaced);
    ledger.summariesWritten.add(date);
    tally.summariesWritten += 1;
  }
  ledger.summaryWritten(date);
  // Nothing of a day a bill left is in DynamoDB any more: no need to look at it again.
  if (localBills.length === 0) ledger.formerDays.delete(date);
  ledger.confirmedDays.set(date, deps.now().getTime());
}

/**
 * The day as DynamoDB should hold it once settled, for a day local cleanup dropped: the local
 * bills, plus the remote ones this relay no longer knows at all (dropped). A remote bill the store
 * holds in another day (it moved) is not counted: the check deletes it from this day.
 */
export function withDropped(
  localBills: readonly Bill[],
  remoteBills: readonly Bill[],
  store: Pick<SyncedStore, 'get'>,
): Bill[] {
  const localIds = new Set(localBills.map((bill) => bill.id));
  const gone = remoteBills.filter((bill) => !localIds.has(bill.id) && !store.get(bill.id));
  return [...localBills, ...gone];
}

export interface DayComparison {
  /** Local bills absent from DynamoDB or there at an older version. */
  missing: Bill[];
  /** Remote bills newer than the local version: not ours to fix. */
  newerRemotely: Bill[];
  /** Remote bills at the local version with other content: conflicts, never synced. */
  conflicting: Bill[];
  /** Remote bills that now belong to another day locally: delete them from this day. */
  strays: Bill[];
  /** Remote bills this relay does not know at all. */
  unknown: Bill[];
}

export function compareDay(
  localBills: readonly Bill[],
  remoteBills: readonly Bill[],
  store: Pick<SyncedStore, 'get'>,
  date: string,
): DayComparison {
  const remoteById = new Map(remoteBills.map((bill) => [bill.id, bill]));
  const localIds = new Set(localBills.map((bill) => bill.id));
  const result: DayComparison = {
    missing: [],
    newerRemotely: [],
    conflicting: [],
    strays: [],
    unknown: [],
  };
  for (const bill of localBills) {
    const remote = remoteById.get(bill.id);
    if (!remote || remote.version < bill.version) result.missing.push(bill);
    else if (remote.version > bill.version) result.newerRemotely.push(remote);
    else if (!sameContent(remote, bill)) result.conflicting.push(remote);
  }
  for (const remote of remoteBills) {
    if (localIds.has(remote.id)) continue;
    const stored = store.get(remote.id);
    if (stored && stored.shiftDate !== date && stored.bill.version >= remote.version)
      result.strays.push(remote);
    else result.unknown.push(remote);
  }
  return result;
}
