// The AGGREGATE item's two JSON attributes: the per-item figures apart (only an `item` report
// reads them), and items written before that split (everything in `aggregate`) still read whole.
import { describe, expect, it } from 'vitest';
import { aggregateDay, aggregateToJson } from '@caja/models';
import { aggregateToItem, itemToAggregate, type StoredAggregate } from '../src/layout.js';
import { ZONE, randomChain, seeded } from './chain-fixture.js';

const bills = randomChain(seeded(3), ['north'], '2026-11-01', 1, 30).get('north')!;
const stored: StoredAggregate = {
  aggregate: aggregateDay('2026-11-01', bills, ZONE),
  timeZone: ZONE,
  digest: 'd',
  billCount: bills.length,
  computedAt: '2026-11-02T00:00:00.000Z',
};
const day = { storeId: 'north', date: '2026-11-01' };

describe('AGGREGATE item', () => {
  it('round-trips, and without its byItem attribute reads every figure but the items', () => {
    const item = aggregateToItem(day, stored);
    expect(stored.aggregate.byItem.size).toBeGreaterThan(0);
    expect(itemToAggregate(item)).toEqual(stored);
    const withoutItems = { ...item };
    delete withoutItems.byItem;
    const partial = itemToAggregate(withoutItems)!;
    expect(partial.aggregate.byItem.size).toBe(0);
    expect({ ...partial.aggregate, byItem: undefined }).toEqual({
      ...stored.aggregate,
      byItem: undefined,
    });
  });

  it('reads an item written with the per-item figures inside aggregate', () => {
    const older: Record<string, unknown> = {
      ...aggregateToItem(day, stored),
      aggregate: JSON.stringify(aggregateToJson(stored.aggregate)),
    };
    delete older.byItem;
    expect(itemToAggregate(older)).toEqual(stored);
    expect(itemToAggregate({ ...older, byItem: 7 })).toBeUndefined();
  });
});
