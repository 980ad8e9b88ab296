// A random chain for reporter tests: several stores' days of bills (sales with cash, card or no
// payment, credit notes, void bills, bills modified into a second version), written to dynalite
// through the relay's own DynamoDB writer (bill items, then the day's SUMMARY, as sync does).
import { aggregateDay, businessDay, type Bill, type DayAggregate } from '@caja/models';
import { createDynamoClient, summarizeDay } from '@caja/relay/dynamo';
import { DynamoBillTable } from '../../relay/src/dynamo/dynamo-table.js';

export {
  startDynalite,
  type Dynalite,
} from '../../relay/test/integration/sync-support/dynamo-rig.js';

export const ZONE = 'America/Bogota';
export const TABLE = 'daily_shifts';

/** mulberry32: a small seeded generator, so a failing case can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SKUS = ['SKU-1', 'SKU-2', 'SKU-3', 'SKU-4', '__proto__'];

/** The bills of `stores` over the days from `firstDay` (UTC noon-ish spread over the local day). */
export function randomChain(
  random: () => number,
  stores: readonly string[],
  firstDay: string,
  days: number,
  billsPerDay: number,
): Map<string, Bill[]> {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const chain = new Map<string, Bill[]>();
  let serial = 0;
  for (const store of stores) {
    const bills: Bill[] = [];
    for (let day = 0; day < days; day += 1) {
      const midnight = Date.parse(`${firstDay}T05:00:00Z`) + day * 86_400_000; // 00:00 Bogotá
      const count = Math.floor(random() * billsPerDay) + 1;
      for (let n = 0; n < count; n += 1) {
        serial += 1;
        const credit = random() < 0.1;
        const items = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
          id: pick(SKUS),
          price: (credit ? -1 : 1) * (100 + Math.floor(random() * 5000)),
          quantity: 1 + Math.floor(random() * 4),
        }));
        const tender = pick(['cash', 'card', 'none'] as const);
        const total = items.reduce((sum, line) => sum + line.price * line.quantity, 0);
        const bill: Bill = {
          id: `${store}-bill-${serial}`,
          tillId: pick(['till-1', 'till-2', 'till-3']),
          version: 1,
          createdAt: new Date(midnight + Math.floor(random() * 86_399_000)).toISOString(),
          items,
          total,
          kind: credit ? 'credit_note' : 'sale',
          status: random() < 0.08 ? 'void' : 'closed',
          number: serial,
          ...(tender === 'cash'
            ? { payment: cash(total) }
            : tender === 'card'
              ? { payment: { method: 'card' as const } }
              : {}),
        };
        bills.push(bill);
      }
    }
    chain.set(store, bills);
  }
  return chain;
}

/** Exact cash (a refund pays out: nothing tendered, change is the money given back). */
function cash(total: number) {
  const tendered = Math.max(total, 0);
  return { method: 'cash' as const, tendered, change: tendered - total };
}

/** A second version of the bill: one more of its first line. */
export function modified(bill: Bill): Bill {
  const items = bill.items.map((line, index) =>
    index === 0 ? { ...line, quantity: line.quantity + 1 } : line,
  );
  const total = items.reduce((sum, line) => sum + line.price * line.quantity, 0);
  const payment = bill.payment?.method === 'cash' ? cash(total) : bill.payment;
  return { ...bill, version: bill.version + 1, items, total, ...(payment ? { payment } : {}) };
}

/** Bills by business day in the zone. */
export function byDay(bills: readonly Bill[], zone = ZONE): Map<string, Bill[]> {
  const days = new Map<string, Bill[]>();
  for (const bill of bills) {
    const date = businessDay(bill.createdAt, zone);
    days.set(date, [...(days.get(date) ?? []), bill]);
  }
  return days;
}

/** What the relay computes for its report: the aggregate of each of its days. */
export function relayAggregates(bills: readonly Bill[], zone = ZONE): DayAggregate[] {
  return [...byDay(bills, zone)].map(([date, dayBills]) => aggregateDay(date, dayBills, zone));
}

/** Writes the store's bills as the relay's sync does: bill items, then each day's SUMMARY. */
export async function writeStore(endpoint: string, store: string, bills: readonly Bill[]) {
  const client = createDynamoClient({
    endpoint,
    useCredentialChain: false,
    requestTimeoutMs: 10_000,
  });
  const table = new DynamoBillTable(client, TABLE, store);
  try {
    await table.ensureTable();
    for (const [date, dayBills] of byDay(bills)) {
      await Promise.all(
        dayBills.map((bill) => table.putBill(date, bill, new Date().toISOString())),
      );
      await table.putSummary(date, summarizeDay(dayBills), new Date().toISOString());
    }
  } finally {
    client.destroy();
  }
}
