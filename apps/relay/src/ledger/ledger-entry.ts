// What the ledger writes to the journal beside bills: cash moves and day closes (Z). Journaled
// like a bill (same LSN sequence, same hash chain), so replay rebuilds them and a restore to an
// instant gives the Zs of that instant.
import type { CashMove, ZReport } from '@caja/models';

export type LedgerEntry = { type: 'cash_move'; move: CashMove } | { type: 'close'; z: ZReport };

export function isLedgerEntry(value: unknown): value is LedgerEntry {
  const entry = value as { type?: unknown; move?: unknown; z?: unknown } | null;
  if (!entry || typeof entry !== 'object') return false;
  if (entry.type === 'cash_move') return typeof entry.move === 'object' && entry.move !== null;
  if (entry.type === 'close') return typeof entry.z === 'object' && entry.z !== null;
  return false;
}
