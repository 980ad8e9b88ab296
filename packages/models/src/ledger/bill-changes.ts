// What changed between two versions of a bill, for the "modified" exception: an owner wants to
// see that a line went from 3 to 1 or the payment from cash to card, not two JSON documents.
import type { Bill, LineItem } from '../types.js';

export interface FieldChange {
  /** "createdAt", "status", "payment", "total", … or "items[SKU-1]" for a line by item id. */
  field: string;
  from: unknown;
  to: unknown;
}

function lineKey(line: LineItem): string {
  return `${line.id}@${line.price}`;
}

function linesById(items: readonly LineItem[]): Map<string, LineItem> {
  const byKey = new Map<string, LineItem>();
  for (const line of items) {
    const key = lineKey(line);
    const existing = byKey.get(key);
    byKey.set(key, existing ? { ...existing, quantity: existing.quantity + line.quantity } : line);
  }
  return byKey;
}

const FIELDS = ['createdAt', 'tillId', 'kind', 'status', 'total', 'number', 'refundOf'] as const;

export function billChanges(before: Bill, after: Bill): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of FIELDS) {
    if (before[field] !== after[field]) {
      changes.push({ field, from: before[field] ?? null, to: after[field] ?? null });
    }
  }
  if (JSON.stringify(before.payment ?? null) !== JSON.stringify(after.payment ?? null)) {
    changes.push({ field: 'payment', from: before.payment ?? null, to: after.payment ?? null });
  }
  const old = linesById(before.items);
  const next = linesById(after.items);
  for (const [key, line] of old) {
    const now = next.get(key);
    if (!now) changes.push({ field: `items[${line.id}]`, from: line, to: null });
    else if (now.quantity !== line.quantity || now.name !== line.name) {
      changes.push({ field: `items[${line.id}]`, from: line, to: now });
    }
  }
  for (const [key, line] of next) {
    if (!old.has(key)) changes.push({ field: `items[${line.id}]`, from: null, to: line });
  }
  return changes;
}
