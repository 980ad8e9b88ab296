// Reading daily_shifts.json back: checksum first, then shape and totals. Pure (bytes in,
// snapshot or a typed error out), shared by start-up recovery, backups, restore and verify.
import {
  BILL_LIMITS,
  canonicalJson,
  countedTotal,
  emptyRecord,
  isBusinessDay,
  type Bill,
  type TillTotals,
} from '@caja/models';
import type { LedgerBookJson } from '../ledger/ledger-book.js';
import { StorageError } from './errors.js';
import { snapshotDigests } from './snapshot-file.js';
import { LazyEntry } from './state-entry.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_SCHEMA_VERSION, type SnapshotMeta } from './snapshot-format.js';

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
  return parseVerified(bytes);
}

function parseVerified(bytes: Buffer): LoadedSnapshot {
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
  if (chainHead !== undefined) loaded.chainHead = readChainHead(chainHead);
  if (ledger !== undefined) loaded.ledger = readLedger(ledger);
  return loaded;
}

function readChainHead(value: unknown): string {
  if (typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(value)) {
    throw corrupt('chainHead is not a SHA-256');
  }
  return value;
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

/** A day of a snapshot loaded lazily: its bills' lines found, not parsed. */
export interface LazySnapshotDay {
  date: string;
  total: number;
  byTill: Record<string, TillTotals>;
  entries: LazyEntry[];
  /** ids[i]: the id of entries[i], read from its line. */
  ids: string[];
}

export interface LazySnapshot extends SnapshotMeta {
  lazy: true;
  days: LazySnapshotDay[];
  billCount: number;
  chainHead?: string;
  ledger?: LedgerBookJson;
}

/** A bill's line: eight spaces, then its canonical JSON (a comma after all but the day's last). */
const BILL_INDENT = 8;
const SPACE = 0x20;
const OPEN_BRACE = 0x7b;
const QUOTE = 0x22;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
/** Canonical bill JSON opens with createdAt then id (keys sorted; both required). */
const CREATED_AT_OPENING = Buffer.from('{"createdAt":"', 'latin1');
const ID_MEMBER = Buffer.from(',"id":"', 'latin1');
const ID_TEXT = new RegExp(`^[A-Za-z0-9_-]{1,${BILL_LIMITS.idMaxLength}}$`);

/**
 * Start-up's reading of daily_shifts.json: checksum first, then
 * everything but the bills parsed, and each bill's line and id found without parsing the bill
 * (LazyEntry parses it when read). What this checks of a bill is its place (id, LSN, no id
 * twice); the totals are the ones the file states, which the checksum covers; a full parse with
 * every total re-added is `parseSnapshot` (verify, restore, backups). A file this reading does
 * not recognise line by line (older layouts, a ledger without refunds) is read by parseSnapshot.
 */
export function parseSnapshotLazily(
  bytes: Buffer,
  /** The checksum was checked already (start-up's read ahead): not computed twice. */
  digestChecked = false,
): LazySnapshot | LoadedSnapshot {
  if (!digestChecked) checkDigest(bytes);
  try {
    return readLazily(bytes);
  } catch (error) {
    if (!(error instanceof LayoutMismatch)) throw error;
    return parseVerified(bytes);
  }
}

/** The file is not laid out as this reader expects: parse it whole instead. */
class LayoutMismatch extends Error {}

function readLazily(bytes: Buffer): LazySnapshot {
  // Every line but the bills' goes into the skeleton, parsed as JSON with empty "bills" arrays.
  const skeleton: Buffer[] = [];
  const spans: number[] = [];
  let pieceStart = 0;
  for (let position = 0; position < bytes.length;) {
    let newline = bytes.indexOf(NEWLINE, position);
    if (newline < 0) newline = bytes.length;
    if (bytes[position + BILL_INDENT] === OPEN_BRACE && isIndent(bytes, position)) {
      skeleton.push(bytes.subarray(pieceStart, position));
      const end = bytes[newline - 1] === COMMA ? newline - 1 : newline;
      spans.push(position + BILL_INDENT, end);
      pieceStart = newline + 1;
    }
    position = newline + 1;
  }
  skeleton.push(bytes.subarray(pieceStart));
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(Buffer.concat(skeleton).toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new LayoutMismatch();
  }
  const meta = readMeta(document);
  const { shifts, ledger, chainHead } = document;
  if (!shifts || typeof shifts !== 'object') throw corrupt('shifts missing');
  // Without the refunds in the book, they are rebuilt from every bill: the whole parse.
  if (ledger === undefined || (ledger as { refunds?: unknown }).refunds === undefined) {
    throw new LayoutMismatch();
  }
  const seen = new Set<string>();
  let next = 0;
  const days = Object.entries(shifts).map(([date, value]) => {
    const day = value as Record<string, unknown>;
    if (!isBusinessDay(date) || day.date !== date) throw corrupt(`day ${date} is malformed`);
    const { bills, lsns, billCount, total, byTill } = day;
    if (
      !Array.isArray(bills) ||
      bills.length !== 0 ||
      !Array.isArray(lsns) ||
      lsns.length !== billCount ||
      !Number.isSafeInteger(total) ||
      !byTill ||
      typeof byTill !== 'object' ||
      next + lsns.length * 2 > spans.length
    ) {
      throw new LayoutMismatch();
    }
    const entries: LazyEntry[] = [];
    const ids: string[] = [];
    for (const lsn of lsns as unknown[]) {
      if (!Number.isSafeInteger(lsn) || (lsn as number) < 1 || (lsn as number) > meta.lsn) {
        throw corrupt(`day ${date}: a bill has an impossible lsn`);
      }
      const start = spans[next++]!;
      const end = spans[next++]!;
      const id = billId(bytes, start, end);
      const size = seen.size;
      seen.add(id);
      if (seen.size === size) throw corrupt(`bill ${id} appears twice`);
      ids.push(id);
      entries.push(new LazyEntry(bytes, start, end, date, lsn as number));
    }
    return { date, total: total as number, byTill: readByTill(date, byTill), entries, ids };
  });
  if (next !== spans.length || document.billCount !== seen.size) {
    throw corrupt('billCount does not match the bills');
  }
  if (document.dayCount !== days.length) throw corrupt('dayCount does not match the days');
  const loaded: LazySnapshot = { ...meta, lazy: true, days, billCount: seen.size };
  if (chainHead !== undefined) loaded.chainHead = readChainHead(chainHead);
  loaded.ledger = readLedger(ledger);
  return loaded;
}

function isIndent(bytes: Buffer, position: number): boolean {
  for (let index = position; index < position + BILL_INDENT; index++) {
    if (bytes[index] !== SPACE) return false;
  }
  return true;
}

/** The id member of a bill's canonical JSON line, read without parsing the line. */
function billId(bytes: Buffer, start: number, end: number): string {
  const opening = CREATED_AT_OPENING.length;
  if (bytes.compare(CREATED_AT_OPENING, 0, opening, start, start + opening) !== 0) {
    throw new LayoutMismatch();
  }
  const createdAtEnd = bytes.indexOf(QUOTE, start + opening);
  const idStart = createdAtEnd + 1 + ID_MEMBER.length;
  if (
    createdAtEnd < 0 ||
    idStart >= end ||
    bytes.compare(ID_MEMBER, 0, ID_MEMBER.length, createdAtEnd + 1, idStart) !== 0
  ) {
    throw new LayoutMismatch();
  }
  const id = bytes.toString('latin1', idStart, bytes.indexOf(QUOTE, idStart));
  if (!ID_TEXT.test(id)) throw new LayoutMismatch();
  return id;
}

function readByTill(date: string, value: object): Record<string, TillTotals> {
  const byTill = emptyRecord<TillTotals>();
  for (const [tillId, till] of Object.entries(value)) {
    const { billCount, total } = (till ?? {}) as Partial<TillTotals>;
    if (!Number.isSafeInteger(billCount) || !Number.isSafeInteger(total)) {
      throw corrupt(`day ${date}: byTill is malformed`);
    }
    byTill[tillId] = { billCount: billCount!, total: total! };
  }
  return byTill;
}
