// What the ledger writes to the journal beside bills: cash moves, day closes (Z) and, after a
// rebuild from DynamoDB, the tills' numbers already accounted for. Journaled
// like a bill (same LSN sequence, same hash chain), so replay rebuilds them and a restore to an
// instant gives the Zs of that instant.
import type { CashMove, ZReport } from '@caja/models';

export type LedgerEntry =
  | { type: 'cash_move'; move: CashMove }
  | { type: 'close'; z: ZReport }
  /**
   * A relay rebuilt from DynamoDB: each till's numbers up to `number` were received by the lost
   * relay, so the ones not restored are not missing.
   */
  | { type: 'numbers'; tills: { tillId: string; number: number }[] };

/** The entries copied to DynamoDB as items of their own. */
export type SyncedLedgerEntry = Extract<LedgerEntry, { type: 'cash_move' | 'close' }>;

export function isLedgerEntry(value: unknown): value is LedgerEntry {
  const entry = value as { type?: unknown; move?: unknown; z?: unknown } | null;
  if (!entry || typeof entry !== 'object') return false;
  if (entry.type === 'cash_move') return typeof entry.move === 'object' && entry.move !== null;
  if (entry.type === 'close') return typeof entry.z === 'object' && entry.z !== null;
  if (entry.type === 'numbers') return Array.isArray((entry as { tills?: unknown }).tills);
  return false;
}
