// Objects keyed by outside data (till ids, dates, item ids). A plain `{}` inherits
// Object.prototype: `byTill["constructor"]` finds a function and `byTill["__proto__"] = x`
// replaces the prototype instead of adding a till. A null-prototype object has neither trap and
// still serialises as ordinary JSON. Prefer a Map while computing; use these where the shape must
// stay a JSON object (wire answers, the snapshot file).

/** An empty object with no prototype, safe to key by any string. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A null-prototype object from entries (a Map, a list of pairs); "__proto__" stays a key. */
export function recordFrom<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const record = emptyRecord<T>();
  for (const [key, value] of entries) record[key] = value;
  return record;
}
