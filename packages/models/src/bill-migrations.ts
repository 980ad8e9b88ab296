// Older wire shapes of a bill and the steps that bring them up to the current one.
// A bill may carry `schemaVersion`; absent means the current version, because docs/api.md
// promises that a bill of exactly its six fields is always valid input.
//
// To change the shape: add BILL_SCHEMA_VERSION + 1 below, add a migration `from` the old
// number that rewrites an old object into the new shape, and change bill-schema.ts. Migrations
// only move fields; validation runs once, on the result, against the current schema.
import { describeValue, fail, succeed, type ParseResult } from './result.js';

/** The shape bill-schema.ts describes. Tills and the relay write this version. */
export const BILL_SCHEMA_VERSION = 1;

type RawBill = Record<string, unknown>;

export interface BillMigration {
  /** The version this step reads; it writes `from + 1`. */
  from: number;
  /** What changed, for whoever reads old data. */
  change: string;
  up(old: RawBill): RawBill;
}

export const BILL_MIGRATIONS: readonly BillMigration[] = [
  {
    from: 0,
    change:
      'v0 (the till prototype before contract v1) listed lines under `lines` and had no ' +
      '`version`: a v0 bill was never revised, so it becomes version 1.',
    up(old) {
      const { lines, ...rest } = old;
      const next: RawBill = { ...rest };
      if (lines !== undefined && !('items' in next)) next.items = lines;
      else if (lines !== undefined) next.lines = lines; // both: leave it for validation to reject
      if (!('version' in next)) next.version = 1;
      return next;
    },
  },
];

function isRecord(input: unknown): input is RawBill {
  return typeof input === 'object' && input !== null && !Array.isArray(input);
}

/**
 * Brings a wire object of any known schemaVersion to the current shape, without
 * `schemaVersion`. Anything that is not an object passes through for validation to reject.
 */
export function migrateBill(input: unknown): ParseResult<unknown> {
  if (!isRecord(input) || !('schemaVersion' in input)) return succeed(input);
  const { schemaVersion, ...body } = input;
  if (
    typeof schemaVersion !== 'number' ||
    !Number.isInteger(schemaVersion) ||
    schemaVersion < 0 ||
    schemaVersion > BILL_SCHEMA_VERSION
  ) {
    // A newer till than this code: reading it as ours could drop or misread its fields.
    return fail(
      'unsupported_schema',
      'schemaVersion',
      `schemaVersion must be a whole number from 0 to ${BILL_SCHEMA_VERSION}, the versions ` +
        `this code can read; got ${describeValue(schemaVersion)}` +
        (typeof schemaVersion === 'number' && schemaVersion > BILL_SCHEMA_VERSION
          ? ' (the sender is newer: update this side)'
          : ''),
    );
  }
  let bill: RawBill = body;
  for (let version = schemaVersion; version < BILL_SCHEMA_VERSION; version += 1) {
    const step = BILL_MIGRATIONS.find((migration) => migration.from === version);
    /* v8 ignore next: guarded by a test that every version below the current has a step */
    if (!step) throw new Error(`No bill migration from schema version ${version}`);
    bill = step.up(bill);
  }
  return succeed(bill);
}
