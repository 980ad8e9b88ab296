// Saved bills on this till: the latest version of each, every version's history, and the
// outbox entry that carries it to the relay, all written in one transaction.
import type { Bill } from '@caja/models';
import { enqueue } from '../sync/outbox.js';
import type { Durability, TillDb } from './idb.js';
import type { BillRecord, BillVersionRecord, KvValues } from './records.js';

export interface SaveOptions {
  /** The bill's business day in the store's zone. */
  day: string;
  now: Date;
  /** 'strict' in production: the promise resolves once the bill is on disk. */
  durability?: Durability;
}

/**
 * Saves a new bill or a new version of one. Resolves only once IndexedDB has committed: only then
 * may the screen say "saved". Also clears the persisted draft in the same transaction, so a
 * crash can never leave both the saved bill and its draft (which would sell it twice), and
 * remembers the bill as the last one saved.
 */
export async function saveBill(db: TillDb, bill: Bill, options: SaveOptions): Promise<BillRecord> {
  const savedAt = options.now.toISOString();
  return db.transact(
    ['bills', 'billVersions', 'outbox', 'kv'],
    async (tx) => {
      // IndexedDB runs a transaction's requests in the order they were made, so they are made
      // together: awaiting each before the next costs a round trip to the browser's database
      // process apiece, and the save is what the cashier waits for.
      const [existing, counter] = await Promise.all([
        tx.get('bills', bill.id),
        tx.get('kv', 'billNumber') as Promise<KvValues['billNumber'] | undefined>,
      ]);
      // Versions only go up: an older or equal version here means a double submit.
      if (existing && existing.bill.version >= bill.version) {
        throw new BillVersionError(bill.id, existing.bill.version, bill.version);
      }
      const { numbered, highest } = withNumber(bill, existing?.bill, counter);
      const record: BillRecord = {
        id: bill.id,
        bill: numbered,
        day: options.day,
        location: 'till',
        savedAt,
      };
      await Promise.all([
        tx.put('bills', record),
        tx.put('billVersions', { id: bill.id, version: bill.version, bill: numbered, savedAt }),
        enqueue(tx, numbered, options.now.getTime()),
        tx.delete('kv', 'draft'),
        // For "print last bill" after a reload: a request in this transaction costs less than a
        // transaction of its own.
        tx.put(
          'kv',
          { v: 1, id: bill.id } satisfies KvValues['lastPrintedBillId'],
          'lastPrintedBillId',
        ),
        highest === undefined
          ? undefined
          : tx.put(
              'kv',
              { v: 1, highest, tillId: bill.tillId } satisfies KvValues['billNumber'],
              'billNumber',
            ),
      ]);
      return record;
    },
    { durability: options.durability ?? 'strict' },
  );
}

/**
 * The bill with its number, and the till's new highest number when it takes one. A bill already
 * saved keeps the number of its first version; a new one takes the next number of this till.
 * Counter and bill commit in the same transaction, so a number is used exactly once, with no
 * gap, even when the tab dies mid-save.
 */
function withNumber(
  bill: Bill,
  previous: Bill | undefined,
  counter: KvValues['billNumber'] | undefined,
): { numbered: Bill; highest?: number } {
  if (previous?.number !== undefined) return { numbered: { ...bill, number: previous.number } };
  if (previous) return { numbered: bill }; // saved before numbers existed: it keeps having none
  const number = highestOf(counter, bill.tillId) + 1;
  return { numbered: { ...bill, number }, highest: number };
}

export async function highestBillNumber(db: TillDb, tillId: string): Promise<number> {
  return highestOf(await db.kvGet('billNumber'), tillId);
}

/**
 * A counter left by an earlier pairing belongs to another till: the relay numbers per tillId,
 * so continuing it would leave the new till a gap of numbers it never gave.
 */
function highestOf(counter: KvValues['billNumber'] | undefined, tillId: string): number {
  if (!counter) return 0;
  return (counter.tillId ?? tillId) === tillId ? counter.highest : 0;
}

export class BillVersionError extends Error {
  readonly code = 'stale_version';
  constructor(id: string, stored: number, attempted: number) {
    super(`Bill ${id} already has version ${stored}; cannot save version ${attempted}`);
    this.name = 'BillVersionError';
  }
}

export function billsOfDay(db: TillDb, day: string): Promise<BillRecord[]> {
  return db.billsOfDay(day);
}

export function getBillRecord(db: TillDb, id: string): Promise<BillRecord | undefined> {
  return db.get('bills', id);
}

/** Every saved version of a bill, oldest first. */
export async function billHistory(db: TillDb, id: string): Promise<BillVersionRecord[]> {
  // Keys are [id, version]: this range is exactly the bill's versions, already in order.
  return db.getAll('billVersions', IDBKeyRange.bound([id, 0], [id, Number.MAX_SAFE_INTEGER]));
}

/** The relay says the bill's version reached DynamoDB. */
export async function markInCloud(db: TillDb, id: string, version: number): Promise<void> {
  await db.transact(
    ['bills'],
    async (tx) => {
      const record = await tx.get('bills', id);
      if (record?.bill.version === version && record.location === 'relay') {
        await tx.put('bills', { ...record, location: 'cloud' });
      }
    },
    { durability: 'default' },
  );
}

/** Days a bill stays on the till once the relay has it: reprints and the Today view of last month. */
export const KEEP_UPLOADED_DAYS = 35;

/**
 * Deletes bills of days before `beforeDay` that the relay holds (its copy is the canonical one),
 * with their versions. Bills only on this till, refused or still in the outbox always stay.
 */
export async function pruneUploadedBills(db: TillDb, beforeDay: string): Promise<number> {
  const candidates = (await db.billsBefore(beforeDay)).filter(
    (record) => record.location !== 'till' && !record.rejection,
  );
  let pruned = 0;
  for (const candidate of candidates) {
    await db.transact(
      ['bills', 'billVersions', 'outbox'],
      async (tx) => {
        if (await tx.get('outbox', candidate.id)) return; // a newer version still to send
        for (let version = 1; version <= candidate.bill.version; version += 1) {
          await tx.delete('billVersions', [candidate.id, version]);
        }
        await tx.delete('bills', candidate.id);
        pruned += 1;
      },
      { durability: 'default' },
    );
  }
  return pruned;
}
