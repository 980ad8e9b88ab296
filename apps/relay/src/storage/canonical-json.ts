// Canonical JSON: object keys sorted by code point, no spaces. Equal bills give equal bytes
// whatever key order the till sent, so the journal and the snapshot are deterministic.
// Rebuilding the objects in key order and letting the native JSON.stringify do the rest is
// about twice as fast as building the text by hand.

export function canonicalJson(value: unknown): string {
  return JSON.stringify(withSortedKeys(value)) ?? 'null';
}

function withSortedKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(withSortedKeys);
  const source = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort()) sorted[key] = withSortedKeys(source[key]);
  return sorted;
}
