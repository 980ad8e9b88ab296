// A report request (Lambda event or CLI options), checked once: a bad request is a ReportInputError
// that names the field and says what to send instead; nothing is read from DynamoDB for it.
import { REPORT_DIMENSIONS, datesBetween, isValidTimeZone, type ReportBy } from '@caja/models';

export interface ReportRequest {
  storeIds: string[];
  from: string;
  to: string;
  by: ReportBy;
  /** Zone of the `hour` rows' local hours (the stores' STORE_TIMEZONE). */
  timeZone: string;
}

/** A chain-wide query reads stores x days items: bound it so a typo cannot scan for an hour. */
export const MAX_STORES = 1000;
export const MAX_DAYS = 366;
const STORE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class ReportInputError extends Error {
  override readonly name = 'ReportInputError';
  readonly code = 'invalid_request';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }

  /** The error body of the relay's API: {error: {code, message, field}}. */
  toJSON() {
    return { error: { code: this.code, message: this.message, field: this.field } };
  }
}

export function parseReportRequest(input: unknown, defaultTimeZone: string): ReportRequest {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw new ReportInputError('', 'the request must be an object {storeIds, from, to, by}');
  const event = input as Record<string, unknown>;
  const { storeIds, from, to, by } = event;
  if (!Array.isArray(storeIds) || storeIds.length === 0)
    throw new ReportInputError('storeIds', 'storeIds must be a non-empty list of store ids');
  if (storeIds.length > MAX_STORES)
    throw new ReportInputError('storeIds', `at most ${MAX_STORES} stores per report`);
  storeIds.forEach((id, index) => {
    if (typeof id !== 'string' || !STORE_ID.test(id))
      throw new ReportInputError(
        `storeIds[${index}]`,
        `a store id is 1 to 64 characters of A-Z a-z 0-9 _ -; got ${JSON.stringify(id)}`,
      );
  });
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (typeof value !== 'string')
      throw new ReportInputError(field, `${field} must be a date YYYY-MM-DD`);
    if (!isCalendarDate(value))
      throw new ReportInputError(
        field,
        `${field} must be a calendar date YYYY-MM-DD; got ${value}`,
      );
  }
  const days = datesBetweenOrThrow(from as string, to as string);
  if (days > MAX_DAYS)
    throw new ReportInputError('to', `at most ${MAX_DAYS} days per report; asked for ${days}`);
  if (typeof by !== 'string' || !(REPORT_DIMENSIONS as readonly string[]).includes(by))
    throw new ReportInputError('by', `by must be one of ${REPORT_DIMENSIONS.join(', ')}`);
  const timeZone = event.timeZone ?? defaultTimeZone;
  if (typeof timeZone !== 'string' || !isValidTimeZone(timeZone))
    throw new ReportInputError('timeZone', `timeZone must be an IANA zone such as Europe/Madrid`);
  return {
    storeIds: [...new Set(storeIds as string[])],
    from: from as string,
    to: to as string,
    by: by as ReportBy,
    timeZone,
  };
}

/** YYYY-MM-DD naming a real day (Date.parse would take 2026-02-30 as 2 March). */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const instant = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(instant.getTime()) && instant.toISOString().slice(0, 10) === value;
}

function datesBetweenOrThrow(from: string, to: string): number {
  if (to < from) throw new ReportInputError('to', `to (${to}) is before from (${from})`);
  return datesBetween(from, to).length;
}
