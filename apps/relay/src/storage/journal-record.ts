// Journal record format, version 1 (framing and checksums: journal-frame.ts).
//
// A segment file starts with the 8-byte magic "CAJAJNL1" (format and version), then records:
//
//   u32 LE  payload length in bytes
//   u32 LE  CRC-32C of the 4 length bytes followed by the payload
//   bytes   payload: UTF-8 JSON, one of
//           {"lsn":7,"receivedAt":"…","op":"put","shiftDate":"2026-11-27","bill":{…}}
//           {"lsn":8,"receivedAt":"…","op":"drop","throughLsn":7,"days":["2026-11-01"]}
//           {"lsn":9,"receivedAt":"…","op":"ledger","entry":{"type":"close","z":{…}}}
//         each with "prev":"<64 hex>" after "op": the SHA-256 of the previous record's payload
//         bytes (64 zeros before the first record). This hash chain makes a rewritten history
//         show: change one record and every later "prev" is wrong. Journals written before the
//         chain have no "prev" and still load; `verify` checks the chain where it is present.
//
// The CRC covers the length too, so a damaged length is caught like damaged data. "lsn" comes
// first so replay can skip records a snapshot covers without parsing their JSON. The bill is
// written with sorted keys (canonical), the same text the snapshot uses.
import { hash } from 'node:crypto';
import type { Bill } from '@caja/models';
import { isLedgerEntry, type LedgerEntry } from '../ledger/ledger-entry.js';

/** The chain's start: the "prev" of the very first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 of a record's payload bytes, hex: the next record's "prev". */
export function payloadHash(payload: string | Uint8Array): string {
  return hash('sha256', payload);
}

export interface PutRecord {
  op: 'put';
  lsn: number;
  /** When the relay accepted the bill (its clock); restoreAt replays up to an instant by it. */
  receivedAt: string;
  /** The business day decided at intake, so replay needs no time-zone arithmetic. */
  shiftDate: string;
  bill: Bill;
}

/**
 * Local cleanup dropped these days; replay drops them again so they never come back. Only
 * bills with LSN <= throughLsn go: those are the ones confirmed in DynamoDB when cleanup
 * decided, and a bill of that day arriving meanwhile must survive.
 */
export interface DropRecord {
  op: 'drop';
  lsn: number;
  receivedAt: string;
  throughLsn: number;
  days: string[];
}

/** A cash move or a day close (ledger-entry.ts). */
export interface LedgerRecord {
  op: 'ledger';
  lsn: number;
  receivedAt: string;
  entry: LedgerEntry;
}

export type JournalRecord = (PutRecord | DropRecord | LedgerRecord) & {
  /** SHA-256 of the previous record's payload; absent in journals from before the chain. */
  prev?: string;
};

/** Payload JSON of a record; `billJson` is the bill's canonical JSON, already made at intake. */
export function encodePayload(record: JournalRecord, billJson?: string, prev?: string): string {
  const chain = prev === undefined ? '' : `,"prev":"${prev}"`;
  const head = `{"lsn":${record.lsn},"receivedAt":${JSON.stringify(record.receivedAt)},"op":"${record.op}"${chain}`;
  if (record.op === 'ledger') return `${head},"entry":${JSON.stringify(record.entry)}}`;
  if (record.op === 'drop') {
    return `${head},"throughLsn":${record.throughLsn},"days":${JSON.stringify(record.days)}}`;
  }
  const bill = billJson ?? JSON.stringify(record.bill);
  return `${head},"shiftDate":${JSON.stringify(record.shiftDate)},"bill":${bill}}`;
}

/** Parses and checks a payload's text; throws a plain Error describing what is wrong. */
export function parsePayload(text: string): JournalRecord {
  const value: unknown = JSON.parse(text);
  const record = value as Partial<Omit<PutRecord, 'op'>> &
    Partial<Omit<DropRecord, 'op'>> & { op?: unknown };
  if (!value || typeof value !== 'object') throw new Error('payload is not an object');
  if (!Number.isSafeInteger(record.lsn) || record.lsn! < 1) throw new Error('payload without lsn');
  if (typeof record.receivedAt !== 'string') throw new Error('payload without receivedAt');
  if (record.op === 'put') {
    if (typeof record.shiftDate !== 'string') throw new Error('put without shiftDate');
    if (!record.bill || typeof record.bill.id !== 'string') throw new Error('put without bill');
    return record as unknown as PutRecord;
  }
  if (record.op === 'drop') {
    if (!Array.isArray(record.days)) throw new Error('drop without days');
    if (!Number.isSafeInteger(record.throughLsn)) throw new Error('drop without throughLsn');
    return record as unknown as DropRecord;
  }
  if (record.op === 'ledger') {
    if (!isLedgerEntry((value as { entry?: unknown }).entry))
      throw new Error('ledger without entry');
    return record as unknown as LedgerRecord;
  }
  throw new Error(`unknown op ${JSON.stringify(record.op)}`);
}
