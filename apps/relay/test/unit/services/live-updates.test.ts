import { describe, expect, it } from 'vitest';
import { LiveUpdates, type ShiftEvent } from '../../../src/services/live-updates.js';
import { ShiftQueryService } from '../../../src/services/shift-queries.js';
import { MemoryBillStore } from '../../../src/storage/index.js';
import { makeBill } from '../http/test-relay.js';
import type { Bill } from '@caja/models';

const bill = (overrides: Record<string, unknown> = {}) =>
  ({ kind: 'sale', status: 'closed', ...makeBill(overrides) }) as unknown as Bill;

function setup() {
  const store = new MemoryBillStore('America/Bogota');
  const shifts = new ShiftQueryService(
    store,
    'America/Bogota',
    () => new Date('2026-11-27T15:00:00Z'),
  );
  const live = new LiveUpdates({
    store,
    summary: (date) => shifts.summary(date),
    today: () => shifts.today(),
    coalesceMs: 10,
  });
  const events: ShiftEvent[] = [];
  return { store, live, events };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 40));

describe('LiveUpdates', () => {
  it('coalesces a burst into one summary per day, carrying the highest lsn', async () => {
    const { store, live, events } = setup();
    live.listen((event) => events.push(event));
    await store.putMany([bill(), bill(), bill({ createdAt: '2026-11-26T15:00:00Z' })]);
    await store.putMany([bill()]);
    await settle();
    expect(events.map((e) => [e.summary.date, e.summary.billCount, e.lsn])).toEqual([
      ['2026-11-27', 0, 0], // on listen: today
      ['2026-11-26', 1, 3],
      ['2026-11-27', 3, 4],
    ]);
    live.close();
  });

  it('does no work while nobody listens, and stops after unsubscribe', async () => {
    const { store, live, events } = setup();
    await store.putMany([bill()]);
    const stop = live.listen((event) => events.push(event));
    expect(events[0]?.lsn).toBe(1);
    stop();
    await store.putMany([bill()]);
    await settle();
    expect(events).toHaveLength(1);
    live.close();
  });
});
