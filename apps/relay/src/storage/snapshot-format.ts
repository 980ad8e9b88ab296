// daily_shifts.json, schema version 1: the canonical, human-readable state of the store.
//
// {
//   "format": "caja.daily_shifts",
//   "schemaVersion": 1,
//   "checksum": "sha256:<64 hex>",
//   "storeId": "store-1",
//   "timeZone": "America/Bogota",
//   "lsn": 1234,                        <- journal records up to this LSN are included
//   "writtenAt": "2026-11-27T15:04:05.123Z",
//   "dayCount": 1,
//   "billCount": 2,
//   "shifts": {
//     "2026-11-27": {
//       "date": "2026-11-27", "total": 5000, "billCount": 2,   (one member per line)
//       "byTill": {"till-1":{"billCount":2,"total":5000}},
//       "bills": [
//         {"createdAt":"…","id":"…",…},     <- one bill per line, keys sorted,
//         …                                    ordered by createdAt then id (code points)
//       ],
//       "lsns": [17, 18]                    <- lsns[i]: journal LSN of bills[i]
//     }
//   },
//   "chainHead": "<64 hex>",                <- SHA-256 of the journal record at "lsn"
//   "ledger": {…}                           <- cash moves, Zs, till numbers, past versions
// }                                            and aggregates of dropped days (ledger-book.ts)
//
// "chainHead" and "ledger" are absent in files written before the ledger; such a file loads
// with an empty ledger, rebuilt from its bills where it can be.
//
// checksum = SHA-256 of the file's exact bytes with its 64 hex digits replaced by "0": any
// change to the file (even whitespace) is caught, and anyone can check it with sed + sha256sum.
import { canonicalJson, isBusinessDay } from '@caja/models';
import type { LedgerBookJson } from '../ledger/ledger-book.js';
import type { DayView, StateEntry } from './state-entry.js';
import { CHECKSUM_PREFIX, ZERO_DIGEST } from './snapshot-file.js';

export const SNAPSHOT_FORMAT = 'caja.daily_shifts';
export const SNAPSHOT_SCHEMA_VERSION = 1;

export interface SnapshotMeta {
  storeId: string;
  timeZone: string;
  lsn: number;
  writtenAt: string;
}

/** The ledger's part of a snapshot, captured at the same LSN as the days. */
export interface SnapshotLedger {
  chainHead: string;
  ledger: LedgerBookJson;
}

/**
 * The file's text as a sequence of pieces (a header, each bill's JSON, the separators between
 * them...), with a zero checksum. A generator, and pieces rather than one string: the writer
 * encodes them straight into its reusable buffer and writes it out every half megabyte, letting
 * intake run in between, so 100,000 bills never block the event loop for long, and no large
 * string or buffer is made for each part of the file (they filled the old generation of the
 * heap while bills arrived).
 */
export function* snapshotPieces(
  meta: SnapshotMeta,
  days: readonly DayView[],
  ledger?: SnapshotLedger,
): Generator<string> {
  const billCount = days.reduce((sum, day) => sum + day.entries.length, 0);
  yield (
    `{\n  "format": "${SNAPSHOT_FORMAT}",\n  "schemaVersion": ${SNAPSHOT_SCHEMA_VERSION},\n` +
    `  ${CHECKSUM_PREFIX}${ZERO_DIGEST}",\n` +
    `  "storeId": ${JSON.stringify(meta.storeId)},\n  "timeZone": ${JSON.stringify(meta.timeZone)},\n` +
    `  "lsn": ${meta.lsn},\n  "writtenAt": ${JSON.stringify(meta.writtenAt)},\n` +
    `  "dayCount": ${days.length},\n  "billCount": ${billCount},\n  "shifts": {`
  );
  for (const [dayIndex, day] of days.entries()) {
    yield `${dayIndex > 0 ? ',' : ''}\n${dayHeader(day)}`;
    for (const [index, entry] of day.entries.entries()) {
      yield index > 0 ? BILL_SEPARATOR : FIRST_BILL_PREFIX;
      yield billJson(entry);
    }
    const lsns = day.entries.map((entry) => entry.lsn).join(', ');
    yield `${day.entries.length > 0 ? '\n      ' : ''}],\n      "lsns": [${lsns}]\n    }`;
  }
  yield `${days.length > 0 ? '\n  ' : ''}}`;
  if (ledger) {
    yield `,\n  "chainHead": "${ledger.chainHead}",\n  "ledger": `;
    yield JSON.stringify(ledger.ledger);
  }
  yield '\n}\n';
}

const FIRST_BILL_PREFIX = '\n        ';
const BILL_SEPARATOR = ',\n        ';

function dayHeader(day: DayView): string {
  // The loader refuses such a day: writing it would make this snapshot and every backup of it
  // unreadable, so the snapshot fails instead and the journal that holds the bills is kept.
  if (!isBusinessDay(day.date)) {
    throw new RangeError(`day ${JSON.stringify(day.date)} is not a business day (YYYY-MM-DD)`);
  }
  // The state keeps these as bills come and go: no pass over the day's bills here.
  const date = JSON.stringify(day.date);
  return (
    `    ${date}: {\n      "date": ${date},\n      "total": ${day.total},\n` +
    `      "billCount": ${day.entries.length},\n      "byTill": ${canonicalJson(day.byTill)},\n` +
    `      "bills": [`
  );
}

/**
 * The bill's canonical JSON, computed once per entry and kept for the next snapshots. Bills
 * in the state have sorted keys already (see withSortedKeys in @caja/models).
 */
function billJson(entry: StateEntry): string {
  entry.json ??= JSON.stringify(entry.bill);
  return entry.json;
}
