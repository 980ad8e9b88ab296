import { beforeEach, describe, expect, it } from 'vitest';
import { loadLocalState } from '../../src/bootstrap.js';
import { useBillsStore } from '../../src/stores/bills.js';
import { usePairingStore } from '../../src/stores/pairing.js';
import { useSaleStore } from '../../src/stores/sale.js';
import { useSyncStore } from '../../src/stores/sync.js';
import { APP_VERSION, useTillStatusStore } from '../../src/stores/till-status.js';
import { CLOCK_TOLERANCE_MS } from '../../src/sync/clock.js';
import { createWorld, freshIndexedDb, type TestWorld } from '../helpers.js';

let world: TestWorld;

beforeEach(async () => {
  freshIndexedDb();
  world = await createWorld();
  await loadLocalState();
});

async function sell(amount: string) {
  const sale = useSaleStore();
  for (const char of amount) sale.type(char);
  sale.enter();
  await sale.pay('card');
  return useBillsStore().lastSaved!;
}

describe('status report', () => {
  it('reports the highest number, unsent bills, storage and version', async () => {
    world.relay.offline = true;
    await sell('2500');
    await sell('1000');
    world.relay.offline = false;
    const status = useTillStatusStore();
    expect(await status.report()).toBe('sent');
    expect(world.relay.statusReports.at(-1)).toEqual({
      highestNumber: 2,
      outbox: 2,
      outboxTotal: 3500,
      storage: { persisted: false, usage: null, quota: null },
      appVersion: APP_VERSION,
    });
  });

  it('is sent again after an upload', async () => {
    await sell('2500');
    await expect.poll(() => world.relay.statusReports.length).toBeGreaterThan(0);
    expect(world.relay.statusReports.at(-1)).toMatchObject({
      highestNumber: 1,
      outbox: 0,
      outboxTotal: 0,
    });
    expect(useSyncStore().waiting).toBe(0);
  });

  it('takes a relay without the endpoint (404) in its stride', async () => {
    world.relay.statusSupported = false;
    expect(await useTillStatusStore().report()).toBe('unsupported');
    world.relay.offline = true;
    expect(await useTillStatusStore().report()).toBe('failed');
  });
});

describe('clock check', () => {
  it('warns when the relay’s Date header is more than five minutes away', async () => {
    const status = useTillStatusStore();
    const client = usePairingStore().client!;
    world.relay.serverNow = () =>
      new Date(world.clock.current.getTime() + CLOCK_TOLERANCE_MS - 2000);
    await client.health();
    expect(status.clockWrong).toBe(false);
    world.relay.serverNow = () => new Date(world.clock.current.getTime() - 7 * 60_000);
    await client.health();
    expect(status.clockWrong).toBe(true);
    expect(Math.round(status.skewMs! / 60_000)).toBe(-7);
  });
});
