// Calendar ranges of business days (YYYY-MM-DD). Pure: no zone involved, the dates already are
// business days.
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Every date from..to inclusive. Throws a RangeError on malformed or reversed dates. */
export function datesBetween(from: string, to: string): string[] {
  if (!DATE.test(from) || !DATE.test(to)) throw new RangeError('dates must be YYYY-MM-DD');
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end)) throw new RangeError('not a calendar date');
  if (end < start) throw new RangeError(`--from ${from} is after --to ${to}`);
  const dates: string[] = [];
  for (let day = start; day <= end; day += 86_400_000) {
    dates.push(new Date(day).toISOString().slice(0, 10));
  }
  return dates;
}
