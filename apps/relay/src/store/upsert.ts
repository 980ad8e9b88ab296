import type { Bill } from '@caja/models';

export type UpsertDecision = 'create' | 'update' | 'duplicate' | 'conflict';

/**
 * Versioned, idempotent upsert by the till's bill id. Tills retry uploads after timeouts and
 * crashes, so an exact replay must be harmless (duplicate), a newer version wins (update), and
 * anything else (same version with other content, or an older version) is a conflict that the
 * till must resolve with the stored bill in hand.
 */
export function decideUpsert(stored: Bill | undefined, incoming: Bill): UpsertDecision {
  if (!stored) return 'create';
  if (incoming.version > stored.version) return 'update';
  if (incoming.version === stored.version && sameContent(stored, incoming)) return 'duplicate';
  return 'conflict';
}

export function sameContent(a: Bill, b: Bill): boolean {
  return stableStringify(a) === stableStringify(b);
}

/** JSON with object keys sorted, so equal content gives equal text whatever the key order. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : inner,
  );
}
