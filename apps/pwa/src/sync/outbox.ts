// The outbox: bills saved on this till that the relay has not acknowledged yet. Every change is
// one IndexedDB transaction, so a crash between two steps can never lose or double a bill.
import type { Bill } from '@caja/models';
import type { TillDb, TillTx } from '../db/idb.js';
import type { OutboxEntry, Rejection } from '../db/records.js';
import { retryDelay } from './backoff.js';

/** Adds (or replaces with a newer version) a bill's entry, inside the caller's transaction. */
export async function enqueue(tx: TillTx<'outbox'>, bill: Bill, now: number): Promise<void> {
  const entry: OutboxEntry = {
    id: bill.id,
    version: bill.version,
    bill,
    enqueuedAt: now,
    attempts: 0,
    nextAttemptAt: now,
    state: 'waiting',
  };
  await tx.put('outbox', entry);
}

/** Entries to send now, oldest bill first (UUIDv7 ids sort by creation time). */
export async function dueEntries(db: TillDb, now: number): Promise<OutboxEntry[]> {
  const entries = await db.getAll('outbox');
  return entries.filter((entry) => entry.state === 'waiting' && entry.nextAttemptAt <= now);
}

export interface OutboxSummary {
  waiting: number;
  rejected: OutboxEntry[];
  /** Epoch ms of the soonest retry among waiting entries, if any. */
  nextAttemptAt?: number;
}

export async function summarize(db: TillDb): Promise<OutboxSummary> {
  const entries = await db.getAll('outbox');
  const waiting = entries.filter((entry) => entry.state === 'waiting');
  const soonest = Math.min(...waiting.map((entry) => entry.nextAttemptAt));
  return {
    waiting: waiting.length,
    rejected: entries.filter((entry) => entry.state === 'rejected'),
    ...(waiting.length > 0 ? { nextAttemptAt: soonest } : {}),
  };
}

/**
 * The relay acknowledged these versions (durably stored there). An entry leaves the outbox only
 * if it still holds that version: a newer version saved meanwhile must still go up. One
 * transaction for the whole batch: each transaction is a round of work beside the next save.
 */
export async function acknowledge(
  db: TillDb,
  sent: readonly { id: string; version: number }[],
  at: Date,
): Promise<void> {
  if (sent.length === 0) return;
  await db.transact(
    ['outbox', 'bills', 'kv'],
    async (tx) => {
      // Requests made together (IndexedDB keeps their order): one round trip per step, not per bill.
      const [entries, records] = await Promise.all([
        Promise.all(sent.map(({ id }) => tx.get('outbox', id))),
        Promise.all(sent.map(({ id }) => tx.get('bills', id))),
      ]);
      const writes: Promise<void>[] = [];
      for (const [index, { id, version }] of sent.entries()) {
        if (entries[index]?.version === version) writes.push(tx.delete('outbox', id));
        const record = records[index];
        if (record?.bill.version === version && record.location === 'till') {
          writes.push(tx.put('bills', { ...withoutRejection(record), location: 'relay' }));
        }
      }
      writes.push(tx.put('kv', { v: 1, at: at.toISOString() }, 'lastUpload'));
      await Promise.all(writes);
    },
    // Relaxed is safe here: if a crash loses this commit, the entries are sent again and the
    // relay answers "duplicate". Strict would make every upload queue disk flushes ahead of the
    // next save, which is the write that must be durable.
    { durability: 'relaxed' },
  );
}

/** The relay refused this version for good: keep it aside, visible, out of the retry loop. */
export async function setAside(
  db: TillDb,
  id: string,
  version: number,
  rejection: Rejection,
): Promise<void> {
  await db.transact(
    ['outbox', 'bills'],
    async (tx) => {
      const entry = await tx.get('outbox', id);
      if (entry?.version !== version) return;
      await tx.put('outbox', { ...entry, state: 'rejected', rejection });
      const record = await tx.get('bills', id);
      if (record?.bill.version === version) await tx.put('bills', { ...record, rejection });
    },
    { durability: 'default' },
  );
}

export type ConflictOutcome = 'adopted' | 'rebased' | 'stale';

/**
 * The relay answered 409 with its stored copy. A first version the cashier never changed gives
 * way to a newer copy at the relay (adopted, nothing left to send). Anything the cashier did
 * here (an edit, a void, or a bill the relay holds with other content at the same version) goes
 * up as the next version above the relay's, keeping its number; every version saved here stays
 * in the history. Never resends the version the relay refused.
 */
export async function resolveConflict(
  db: TillDb,
  sent: { id: string; version: number },
  stored: Bill,
  now: Date,
): Promise<ConflictOutcome> {
  return db.transact(
    ['outbox', 'bills', 'billVersions'],
    async (tx) => {
      const entry = await tx.get('outbox', sent.id);
      if (entry?.version !== sent.version) return 'stale';
      const record = await tx.get('bills', sent.id);
      const savedAt = now.toISOString();
      if (stored.version > entry.version && entry.version === 1) {
        await tx.delete('outbox', sent.id);
        await tx.put('billVersions', {
          id: stored.id,
          version: stored.version,
          bill: stored,
          savedAt,
        });
        if (record)
          await tx.put('bills', { ...withoutRejection(record), bill: stored, location: 'relay' });
        return 'adopted';
      }
      const next: Bill = { ...entry.bill, version: Math.max(stored.version, entry.version) + 1 };
      await tx.put('outbox', {
        ...withoutRejection(entry),
        version: next.version,
        bill: next,
        attempts: 0,
        nextAttemptAt: now.getTime(),
        state: 'waiting',
      });
      await tx.put('billVersions', { id: next.id, version: next.version, bill: next, savedAt });
      if (record)
        await tx.put('bills', { ...withoutRejection(record), bill: next, location: 'till' });
      return 'rebased';
    },
    { durability: 'strict' },
  );
}

/** Bills set aside longer than this are offered to the relay again by themselves. */
export const RETRY_REJECTED_AFTER_MS = 60 * 60_000;

/**
 * Set-aside bills whose refusal is older than RETRY_REJECTED_AFTER_MS go back to waiting: the
 * cause (a relay bug, a wrong clock, a missing till) may be fixed by now. A relay that still
 * refuses sets them aside again, at the cost of one request an hour.
 */
export async function wakeRejected(db: TillDb, now: number): Promise<number> {
  return db.transact(
    ['outbox', 'bills'],
    async (tx) => {
      let woken = 0;
      for (const entry of await tx.getAll('outbox')) {
        const at = entry.rejection ? Date.parse(entry.rejection.at) : Number.NaN;
        if (entry.state !== 'rejected' || !(now - at >= RETRY_REJECTED_AFTER_MS)) continue;
        await tx.put('outbox', { ...entry, state: 'waiting', attempts: 0, nextAttemptAt: now });
        woken += 1;
      }
      return woken;
    },
    { durability: 'default' },
  );
}

/** A temporary failure: count the attempt and wait longer before the next one. */
export async function postpone(
  db: TillDb,
  ids: readonly { id: string; version: number }[],
  error: string,
  now: number,
  random: () => number,
): Promise<void> {
  await db.transact(
    ['outbox'],
    async (tx) => {
      for (const { id, version } of ids) {
        const entry = await tx.get('outbox', id);
        if (entry?.version !== version) continue;
        const attempts = entry.attempts + 1;
        await tx.put('outbox', {
          ...entry,
          attempts,
          nextAttemptAt: now + retryDelay(attempts, random),
          lastError: error,
        });
      }
    },
    { durability: 'default' },
  );
}

/** The network came back (or the cashier asked): every waiting entry is due now. */
export async function wakeAll(db: TillDb, now: number): Promise<void> {
  await db.transact(
    ['outbox'],
    async (tx) => {
      for (const entry of await tx.getAll('outbox')) {
        if (entry.state === 'waiting' && entry.nextAttemptAt > now) {
          await tx.put('outbox', { ...entry, nextAttemptAt: now });
        }
      }
    },
    { durability: 'default' },
  );
}

/** A person looked at a set-aside bill and wants it sent again (e.g. after a relay fix). */
export async function retryRejected(db: TillDb, id: string, now: number): Promise<void> {
  await db.transact(
    ['outbox', 'bills'],
    async (tx) => {
      const entry = await tx.get('outbox', id);
      if (entry?.state !== 'rejected') return;
      await tx.put('outbox', {
        ...withoutRejection(entry),
        state: 'waiting',
        attempts: 0,
        nextAttemptAt: now,
      });
      const record = await tx.get('bills', id);
      if (record?.rejection) await tx.put('bills', withoutRejection(record));
    },
    { durability: 'default' },
  );
}

function withoutRejection<T extends { rejection?: Rejection }>(value: T): T {
  const copy = { ...value };
  delete copy.rejection;
  return copy;
}
