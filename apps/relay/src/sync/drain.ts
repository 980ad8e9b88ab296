// Moves journal records past the cursor into DynamoDB, one batch at a time:
// 1. read up to batchSize records after the cursor;
// 2. skip records superseded by a newer version of the same bill (that record comes later);
// 3. write the rest with conditional PutItem, at most `concurrency` in flight, and stop starting
//    new writes after the first failure;
// 4. copy the batch's cash moves and closes (Z) to their own items, once each (absent only);
// 5. advance the cursor over the longest prefix of records that are confirmed, skipped,
//    dead-lettered or in conflict, persist it, and yield to the event loop before the next batch.
import { businessDay, type Bill } from '@caja/models';
import type { SyncError } from '../dynamo/errors.js';
import type { SyncedLedgerEntry } from '../ledger/ledger-entry.js';
import type { SyncLedger } from './ledger.js';
import type { BillTable, JournalReader, JournalRecord, SyncedStore } from './ports.js';
import type { DrainPace } from './pacing.js';
import type { ResilientCaller } from './resilience.js';

export interface DrainDeps {
  store: SyncedStore;
  journal: JournalReader;
  table: BillTable;
  caller: ResilientCaller;
  ledger: SyncLedger;
  timeZone: string;
  batchSize: number;
  concurrency: number;
  /** Gives way to bill intake between batches; full speed when absent. */
  pace?: DrainPace;
  now: () => Date;
  signal: AbortSignal;
  /** A bill DynamoDB refused for good. */
  onDeadLetter(bill: Bill, date: string, error: SyncError): void;
  /** DynamoDB holds this bill's version with other content. */
  onConflict(bill: Bill, date: string): void;
  /** DynamoDB refused a cash move or a Z for good: logged, passed (it stays in the journal). */
  onLedgerRejected(entry: SyncedLedgerEntry, error: SyncError): void;
}

export interface DrainTally {
  written: number;
  alreadyCurrent: number;
  deadLettered: number;
  conflicts: number;
}

type WriteOutcome =
  | { kind: 'written' }
  | { kind: 'already-current' }
  | { kind: 'conflict' }
  | { kind: 'rejected'; error: SyncError }
  | { kind: 'failed'; error: SyncError };

interface PlannedWrite {
  lsn: number;
  bill: Bill;
  date: string;
}

/** Throws the first infrastructure error; the cursor has then advanced as far as it could. */
export async function drainJournal(deps: DrainDeps, tally: DrainTally): Promise<void> {
  await drainRequeued(deps, tally);
  for (;;) {
    const { concurrency, batchSize } = deps.pace ? await deps.pace.nextBatch(deps.signal) : deps;
    if (deps.signal.aborted) return;
    const records = await deps.journal.readAfter(deps.ledger.confirmedLsn, batchSize);
    if (records.length === 0) return;
    const writes = planBatch(records, deps);
    const outcomes = await writeAll(writes, { ...deps, concurrency });
    const failure = settle(writes, outcomes, deps, tally) ?? (await writeLedger(records, deps));
    deps.ledger.noteChain(records);
    deps.ledger.noteDrops(records);
    deps.ledger.advanceTo(confirmedPrefix(records, writes, outcomes, deps.ledger.ledgerWritten));
    await deps.ledger.persist();
    if (failure) throw failure;
    // A large backlog must not starve bill intake: let queued requests run between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Bills the consistency check found missing or older in DynamoDB: write their current version. */
async function drainRequeued(deps: DrainDeps, tally: DrainTally): Promise<void> {
  const writes: PlannedWrite[] = [];
  for (const id of deps.ledger.requeue.keys()) {
    const stored = deps.store.get(id);
    if (stored) writes.push({ lsn: stored.lsn, bill: stored.bill, date: stored.shiftDate });
    else deps.ledger.requeue.delete(id);
  }
  if (writes.length === 0) return;
  const outcomes = await writeAll(writes, deps);
  for (const write of writes) {
    if (outcomes.has(write) && outcomes.get(write)?.kind !== 'failed')
      deps.ledger.requeue.delete(write.bill.id);
  }
  const failure = settle(writes, outcomes, deps, tally);
  await deps.ledger.persist();
  if (failure) throw failure;
}

function planBatch(records: readonly JournalRecord[], deps: DrainDeps): PlannedWrite[] {
  const writes: PlannedWrite[] = [];
  for (const { lsn, bill, shiftDate } of records) {
    if (!bill) continue; // not a bill version: nothing to send
    const current = deps.store.get(bill.id);
    // A newer version is further on in the journal; writing this one would be wasted.
    if (current && current.lsn > lsn) continue;
    const date =
      current?.lsn === lsn
        ? current.shiftDate
        : (shiftDate ?? businessDay(bill.createdAt, deps.timeZone));
    writes.push({ lsn, bill, date });
  }
  return writes;
}

async function writeAll(
  writes: readonly PlannedWrite[],
  deps: DrainDeps,
): Promise<Map<PlannedWrite, WriteOutcome>> {
  const outcomes = new Map<PlannedWrite, WriteOutcome>();
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && !deps.signal.aborted && next < writes.length) {
      const write = writes[next++]!;
      const outcome = await writeOne(write, deps);
      outcomes.set(write, outcome);
      if (outcome.kind === 'failed') stopped = true;
    }
  };
  const workers = Math.max(1, Math.min(deps.concurrency, writes.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outcomes;
}

async function writeOne(write: PlannedWrite, deps: DrainDeps): Promise<WriteOutcome> {
  try {
    const syncedAt = deps.now().toISOString();
    const kind = await deps.caller.call(
      () => deps.table.putBill(write.date, write.bill, syncedAt),
      deps.signal,
    );
    return { kind };
  } catch (raw) {
    const error = raw as SyncError;
    return error.code === 'rejected' ? { kind: 'rejected', error } : { kind: 'failed', error };
  }
}

/** Applies outcomes to the ledger; returns the first infrastructure failure, if any. */
function settle(
  writes: readonly PlannedWrite[],
  outcomes: Map<PlannedWrite, WriteOutcome>,
  deps: DrainDeps,
  tally: DrainTally,
): SyncError | undefined {
  let failure: SyncError | undefined;
  for (const write of writes) {
    const outcome = outcomes.get(write);
    if (!outcome) continue;
    const { bill, date, lsn } = write;
    if (outcome.kind === 'written' || outcome.kind === 'already-current') {
      if (outcome.kind === 'written') tally.written += 1;
      else tally.alreadyCurrent += 1;
      deps.ledger.confirmBill(bill.id, date, lsn, bill.version);
    } else if (outcome.kind === 'rejected') {
      tally.deadLettered += 1;
      deps.ledger.addDeadLetter({
        id: bill.id,
        version: bill.version,
        date,
        lsn,
        code: outcome.error.code,
        message: outcome.error.message,
        at: deps.now().toISOString(),
      });
      deps.onDeadLetter(bill, date, outcome.error);
    } else if (outcome.kind === 'conflict') {
      tally.conflicts += 1;
      deps.ledger.addConflict({
        id: bill.id,
        version: bill.version,
        date,
        lsn,
        at: deps.now().toISOString(),
      });
      deps.onConflict(bill, date);
    } else {
      failure ??= outcome.error;
    }
  }
  return failure;
}

/**
 * Cash moves and Zs of the batch, in journal order, one at a time (a few a day). Returns the
 * first infrastructure failure; records written before it are in `ledger.ledgerWritten`.
 */
async function writeLedger(
  records: readonly JournalRecord[],
  deps: DrainDeps,
): Promise<SyncError | undefined> {
  for (const { lsn, ledger: entry } of records) {
    if (!entry || deps.ledger.ledgerWritten.has(lsn)) continue;
    if (entry.type === 'numbers') {
      deps.ledger.ledgerWritten.add(lsn); // bookkeeping of a rebuild: nothing to copy
      continue;
    }
    if (deps.signal.aborted) return undefined;
    try {
      const syncedAt = deps.now().toISOString();
      await deps.caller.call(() => deps.table.putLedgerEntry(entry, lsn, syncedAt), deps.signal);
    } catch (raw) {
      const error = raw as SyncError;
      if (error.code !== 'rejected') return error;
      deps.onLedgerRejected(entry, error);
    }
    deps.ledger.ledgerWritten.add(lsn);
  }
  return undefined;
}

/**
 * The highest LSN such that every record up to it is skipped, confirmed or dead-lettered, and
 * every cash move or Z up to it is written.
 */
function confirmedPrefix(
  records: readonly JournalRecord[],
  writes: readonly PlannedWrite[],
  outcomes: Map<PlannedWrite, WriteOutcome>,
  ledgerWritten: Set<number>,
): number {
  const byLsn = new Map(writes.map((write) => [write.lsn, write]));
  let cursor = 0;
  for (const record of records) {
    if (record.ledger && !ledgerWritten.has(record.lsn)) break;
    ledgerWritten.delete(record.lsn);
    const write = byLsn.get(record.lsn);
    if (write) {
      const outcome = outcomes.get(write);
      if (!outcome || outcome.kind === 'failed') break;
    }
    cursor = record.lsn;
  }
  return cursor;
}
