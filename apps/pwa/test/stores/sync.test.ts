import { beforeEach, describe, expect, it } from 'vitest';
import { loadLocalState } from '../../src/bootstrap.js';
import { useBillsStore } from '../../src/stores/bills.js';
import { usePairingStore } from '../../src/stores/pairing.js';
import { useSaleStore } from '../../src/stores/sale.js';
import { UPLOAD_AFTER_SAVE_MS, useSyncStore } from '../../src/stores/sync.js';
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
  return useBillsStore().lastSaved!.id;
}

describe('sync store', () => {
  it('uploads shortly after a save and shows the bill at the relay', async () => {
    const id = await sell('2500');
    const sync = useSyncStore();
    await expect.poll(() => sync.lastUploadAt).not.toBeNull();
    expect(world.relay.bills.has(id)).toBe(true);
    expect(sync.waiting).toBe(0);
    expect(world.backgroundSyncRequests).toBe(1);
    expect(sync.lastUploadAt).toBe(world.clock.current.toISOString());
    expect(sync.relay).toBe('reachable');
    await expect
      .poll(() => useBillsStore().records.find((r) => r.id === id)?.location)
      .toBe('relay');
  });

  it('sends bills saved in quick succession together, once the till is quiet', async () => {
    const first = await sell('2500');
    const second = await sell('1000');
    const third = await sell('700');
    // Nothing went up while the cashier was saving: no upload beside the next save.
    expect(world.relay.uploads()).toBe(0);
    await expect.poll(() => useSyncStore().lastUploadAt).not.toBeNull();
    expect(world.relay.uploads()).toBe(1);
    expect([...world.relay.bills.keys()].sort()).toEqual([first, second, third].sort());
    expect(world.backgroundSyncRequests).toBe(1);
  });

  it('counts a bill saved offline as waiting at once, before its upload is tried', async () => {
    world.relay.offline = true;
    await sell('2500');
    const sync = useSyncStore();
    await expect.poll(() => sync.waiting).toBe(1);
    expect(world.relay.requests.filter((r) => r.path === '/api/v1/bills/batch')).toEqual([]);
  });

  it('hands a pending upload to Background Sync when the page goes away', async () => {
    await sell('2500');
    // The bills store tells its listeners of the save on the next task (after the screen's update).
    await new Promise((resolve) => setTimeout(resolve, 0));
    const sync = useSyncStore();
    sync.handOverUpload();
    expect(world.backgroundSyncRequests).toBe(1);
    // The page's own upload was handed over, not run as well.
    await new Promise((resolve) => setTimeout(resolve, UPLOAD_AFTER_SAVE_MS + 100));
    expect(world.relay.uploads()).toBe(0);
    expect(world.backgroundSyncRequests).toBe(1);
  });

  it('counts waiting bills while the relay is unreachable and sends them when it returns', async () => {
    world.relay.offline = true;
    await sell('2500');
    await sell('1000');
    const sync = useSyncStore();
    await expect.poll(() => sync.waiting).toBe(2);
    // The upload is tried once the saves stop: then the relay shows as unreachable.
    await expect.poll(() => sync.relay).toBe('unreachable');
    world.relay.offline = false;
    await sync.checkHealth(); // reachable again: wakes the backed-off entries and drains
    expect(sync.waiting).toBe(0);
    expect(world.relay.bills.size).toBe(2);
  });

  it('moves a bill to "in the cloud" once the relay reports it synced', async () => {
    const id = await sell('2500');
    const sync = useSyncStore();
    await expect.poll(async () => (await world.db.get('bills', id))?.location).toBe('relay');
    // The drain marks the bill at the relay before it ends and calls the relay reachable; the
    // cloud check asks only a relay known to be reachable.
    await expect.poll(() => sync.relay).toBe('reachable');
    await sync.refreshCloud();
    expect((await world.db.get('bills', id))?.location).toBe('relay');
    world.relay.synced.add(id);
    await sync.refreshCloud();
    expect((await world.db.get('bills', id))?.location).toBe('cloud');
    expect(useBillsStore().records.find((r) => r.id === id)?.location).toBe('cloud');
  });

  it('lists a refused bill and sends it again on request', async () => {
    world.relay.offline = true;
    const id = await sell('2500');
    world.relay.refuse.set(id, 422);
    world.relay.offline = false;
    world.clock.advance(60_000);
    const sync = useSyncStore();
    await sync.drain();
    expect(sync.rejected.map((entry) => entry.id)).toEqual([id]);
    expect(sync.waiting).toBe(0);
    world.relay.refuse.delete(id);
    await sync.retry(id);
    expect(sync.rejected).toEqual([]);
    expect(world.relay.bills.has(id)).toBe(true);
  });

  it('stops uploading and asks for pairing when the relay refuses the token', async () => {
    world.relay.offline = true;
    await sell('2500');
    world.relay.offline = false;
    world.relay.failures.push(401);
    world.clock.advance(60_000);
    const report = await useSyncStore().drain();
    expect(report.outcome).toBe('unauthorized');
    expect(usePairingStore().unauthorized).toBe(true);
    expect(useSyncStore().waiting).toBe(1);
  });
});
