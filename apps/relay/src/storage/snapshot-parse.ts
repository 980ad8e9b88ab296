// Reading daily_shifts.json back: checksum first, then shape and totals. Pure (bytes in,
// snapshot or a typed error out), shared by start-up recovery, backups, restore and verify.
import { createHash } from 'node:crypto';
import {
  canonicalJson,
  countedTotal,
  emptyRecord,
  isBusinessDay,
  type Bill,
  type TillTotals,
} from '@caja/models';
import type { LedgerBookJson } from '../ledger/ledger-book.js';
import { StorageError } from './errors.js';
import {
  CHECKSUM_PREFIX,
  SNAPSHOT_FORMAT,
  SNAPSHOT_SCHEMA_VERSION,
  ZERO_DIGEST,
  type SnapshotMeta,
} from './snapshot-format.js';

export interface SnapshotDay {
  date: string;
  bills: Bill[];
  lsns: number[];
}

export interface LoadedSnapshot extends SnapshotMeta {
  days: SnapshotDay[];
  billCount: number;
  /** Absent in snapshots written before the ledger. */
  chainHead?: string;
  ledger?: LedgerBookJson;
}

function corrupt(reason: string): StorageError {
  return new StorageError('SNAPSHOT_CORRUPT', reason);
}

/** SHA-256 of the file as written (hex digits zeroed) and the digest the file claims. */
export function snapshotDigests(bytes: Buffer): { computed: string; claimed: string } {
  const at = bytes.indexOf(CHECKSUM_PREFIX, 0, 'latin1');
  if (at < 0 || at > 4096) throw corrupt('no checksum near the top of the file');
  const start = at + CHECKSUM_PREFIX.length;
  const claimed = bytes.toString('latin1', start, start + 64);
  const computed = createHash('sha256')
    .update(bytes.subarray(0, start))
    .update(ZERO_DIGEST)
    .update(bytes.subarray(start + 64))
    .digest('hex');
  return { computed, claimed };
}

function checkDigest(bytes: Buffer): void {
  if (bytes.length === 0) throw corrupt('the file is empty');
  const { computed, claimed } = snapshotDigests(bytes);
  if (computed !== claimed) {
    throw corrupt(`checksum mismatch: file says ${claimed}, content hashes to ${computed}`);
  }
}

export interface SnapshotHeader extends SnapshotMeta {
  billCount: number;
  dayCount: number;
}

const SHIFTS_MEMBER = '"shifts": {';

/**
 * Checks the checksum and reads only the header members (not the bills): what backups need
 * to copy and name a snapshot without parsing 100,000 bills on the intake thread.
 */
export function readVerifiedHeader(bytes: Buffer): SnapshotHeader {
  checkDigest(bytes);
  const end = bytes.indexOf(SHIFTS_MEMBER, 0, 'latin1');
  if (end < 0) throw corrupt('no shifts member');
  let header: Record<string, unknown>;
  try {
    const text = `${bytes.toString('utf8', 0, end + SHIFTS_MEMBER.length)}}}`;
    header = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw corrupt(`header is not JSON: ${(error as Error).message}`);
  }
  const meta = readMeta(header);
  const { billCount, dayCount } = header;
  if (!Number.isSafeInteger(billCount) || !Number.isSafeInteger(dayCount)) {
    throw corrupt('billCount or dayCount missing');
  }
  return { ...meta, billCount: billCount as number, dayCount: dayCount as number };
}

/** Checks and parses a snapshot; throws SNAPSHOT_CORRUPT or UNSUPPORTED_FORMAT. */
export function parseSnapshot(bytes: Buffer): LoadedSnapshot {
  checkDigest(bytes);
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  } catch (error) {
    throw corrupt(`not JSON: ${(error as Error).message}`);
  }
  return readDocument(document);
}

function readDocument(document: Record<string, unknown>): LoadedSnapshot {
  const meta = readMeta(document);
  const { shifts } = document;
  if (!shifts || typeof shifts !== 'object') throw corrupt('shifts missing');
  const seen = new Set<string>();
  const days = Object.entries(shifts).map(([date, day]) =>
    readDay(date, day as Record<string, unknown>, meta.lsn, seen),
  );
  if (document.billCount !== seen.size) throw corrupt('billCount does not match the bills');
  if (document.dayCount !== days.length) throw corrupt('dayCount does not match the days');
  const loaded: LoadedSnapshot = { ...meta, days, billCount: seen.size };
  const { chainHead, ledger } = document;
  if (chainHead !== undefined) {
    if (typeof chainHead !== 'string' || !/^[0-9a-f]{64}$/.test(chainHead)) {
      throw corrupt('chainHead is not a SHA-256');
    }
    loaded.chainHead = chainHead;
  }
  if (ledger !== undefined) loaded.ledger = readLedger(ledger);
  return loaded;
}

function readLedger(value: unknown): LedgerBookJson {
  const ledger = value as Partial<Record<keyof LedgerBookJson, unknown>> | null;
  const lists = ['moves', 'zs', 'tills', 'pastVersions', 'droppedAggregates'] as const;
  if (!ledger || typeof ledger !== 'object' || lists.some((name) => !Array.isArray(ledger[name]))) {
    throw corrupt('ledger is malformed');
  }
  return ledger as LedgerBookJson;
}

function readMeta(document: Record<string, unknown>): SnapshotMeta {
  if (document.format !== SNAPSHOT_FORMAT) throw corrupt(`format is not ${SNAPSHOT_FORMAT}`);
  const version = document.schemaVersion;
  if (typeof version !== 'number' || version > SNAPSHOT_SCHEMA_VERSION) {
    // Written by a newer relay: not damage. Refuse rather than set it aside and rebuild.
    throw new StorageError(
      'UNSUPPORTED_FORMAT',
      `daily_shifts.json has schemaVersion ${String(version)}; this relay reads up to ${SNAPSHOT_SCHEMA_VERSION}. Run the newer relay version.`,
    );
  }
  const { storeId, timeZone, lsn, writtenAt } = document;
  if (typeof storeId !== 'string' || typeof timeZone !== 'string') {
    throw corrupt('storeId or timeZone missing');
  }
  if (!Number.isSafeInteger(lsn) || (lsn as number) < 0) throw corrupt('lsn missing');
  if (typeof writtenAt !== 'string' || Number.isNaN(Date.parse(writtenAt))) {
    throw corrupt('writtenAt missing');
  }
  return { storeId, timeZone, lsn: lsn as number, writtenAt };
}

function readDay(
  date: string,
  day: Record<string, unknown>,
  snapshotLsn: number,
  seen: Set<string>,
): SnapshotDay {
  if (!isBusinessDay(date) || day.date !== date) throw corrupt(`day ${date} is malformed`);
  const { bills, lsns } = day;
  if (!Array.isArray(bills) || !Array.isArray(lsns) || bills.length !== lsns.length) {
    throw corrupt(`day ${date}: bills and lsns do not line up`);
  }
  let total = 0;
  const byTill = emptyRecord<TillTotals>();
  // A plain indexed loop: this runs over every bill at start-up.
  for (let index = 0; index < bills.length; index++) {
    const bill = bills[index] as Bill;
    const lsn = lsns[index] as number;
    if (!bill || typeof bill.id !== 'string' || typeof bill.tillId !== 'string') {
      throw corrupt(`day ${date}: bill ${index} is malformed`);
    }
    if (!Number.isSafeInteger(lsn) || lsn < 1 || lsn > snapshotLsn) {
      throw corrupt(`day ${date}: bill ${bill.id} has an impossible lsn`);
    }
    const size = seen.size;
    seen.add(bill.id);
    if (seen.size === size) throw corrupt(`bill ${bill.id} appears twice`);
    const counted = countedTotal(bill);
    total += counted;
    const till = (byTill[bill.tillId] ??= { billCount: 0, total: 0 });
    till.billCount += 1;
    till.total += counted;
  }
  // The checksum proves the bytes are as written; these prove the writer added up correctly.
  if (day.total !== total || day.billCount !== bills.length) {
    throw corrupt(`day ${date}: totals do not match its bills`);
  }
  if (canonicalJson(day.byTill) !== canonicalJson(byTill)) {
    throw corrupt(`day ${date}: byTill does not match its bills`);
  }
  return { date, bills: bills as Bill[], lsns: lsns as number[] };
}
