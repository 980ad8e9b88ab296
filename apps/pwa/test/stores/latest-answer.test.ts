// Answers that arrive out of order: the one asked for last is what the till shows.
import { beforeEach, describe, expect, it } from 'vitest';
import { loadLocalState } from '../../src/bootstrap.js';
import { useCatalogStore } from '../../src/stores/catalog.js';
import { usePairingStore } from '../../src/stores/pairing.js';
import { useSettingsStore } from '../../src/stores/settings.js';
import { useShiftsStore } from '../../src/stores/shifts.js';
import { createWorld, freshIndexedDb, type TestWorld } from '../helpers.js';

let world: TestWorld;

beforeEach(async () => {
  freshIndexedDb();
  world = await createWorld();
  await loadLocalState();
});

const client = () => usePairingStore().client!;

describe('answers out of order', () => {
  it('shows the past day asked for last, and nothing once back on today', async () => {
    const shifts = useShiftsStore();
    const release = world.relay.holdNextAnswer();
    const first = shifts.load('2026-11-20');
    expect(await shifts.load('2026-11-21')).toBe('shown');
    release();
    expect(await first).toBe('replaced');
    expect(shifts.shift?.date).toBe('2026-11-21');
    expect(shifts.loading).toBe(false);

    // Back to today while a day is on its way: it never comes back on screen.
    const releaseAgain = world.relay.holdNextAnswer();
    const late = shifts.load('2026-11-20');
    expect(shifts.loading).toBe(true);
    shifts.clear();
    expect(shifts.loading).toBe(false);
    releaseAgain();
    expect(await late).toBe('replaced');
    expect(shifts.shift).toBeNull();
  });

  it('keeps the quick keys and the settings announced last', async () => {
    const catalog = useCatalogStore();
    const settings = useSettingsStore();
    const releaseCatalog = world.relay.holdNextAnswer();
    const oldCatalog = catalog.refresh(client());
    world.relay.catalog = { items: [{ id: 'TE', name: 'Té', price: 1800 }] };
    await catalog.refresh(client());
    releaseCatalog();
    await oldCatalog;
    expect(catalog.items.map((item) => item.id)).toEqual(['TE']);

    const releaseSettings = world.relay.holdNextAnswer();
    const oldSettings = settings.refresh(client());
    world.relay.settings = { ...world.relay.settings, shopName: 'Tienda Nueva' };
    await settings.refresh(client());
    releaseSettings();
    await oldSettings;
    expect(settings.settings.shopName).toBe('Tienda Nueva');
  });
});
