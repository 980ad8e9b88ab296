import { formatMoney } from '@caja/models';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../src/App.vue';
import { useBillsStore } from '../../src/stores/bills.js';
import { createWorld, freshIndexedDb, type TestWorld } from '../helpers.js';

let world: TestWorld;
let wrapper: VueWrapper | undefined;
const pesos = (amount: number) => formatMoney(amount, { currency: 'COP', locale: 'es-CO' });

beforeEach(() => {
  freshIndexedDb();
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = undefined;
  vi.unstubAllGlobals();
});

async function mountApp(paired = true) {
  world = await createWorld({ paired });
  wrapper = mount(App, { global: { plugins: [world.pinia] }, attachTo: document.body });
  await vi.waitFor(() => expect(wrapper!.find('main, .till-app').exists()).toBe(true));
  return wrapper;
}

function press(...keys: string[]) {
  for (const key of keys)
    window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
}

describe('the till app', () => {
  it('sells with the keyboard alone: the total follows every line', async () => {
    const app = await mountApp();
    press('2', '5', '0', '0', 'Enter');
    await flushPromises();
    expect(app.get('[data-testid="total"]').text()).toBe(pesos(2500));
    press('3', '*', '1', '0', '0', '0', 'Enter');
    await flushPromises();
    expect(app.get('[data-testid="total"]').text()).toBe(pesos(5500));
    expect(app.findAll('.lines li')).toHaveLength(2);
    press('Backspace');
    await flushPromises();
    expect(app.get('[data-testid="total"]').text()).toBe(pesos(2500));
    press('Enter');
    await vi.waitFor(async () => expect(await world.db.count('bills')).toBe(1));
    await flushPromises();
    expect(app.get('[data-testid="total"]').text()).toBe(pesos(0));
    expect(app.get('[data-testid="last-bill"]').text()).toContain(pesos(2500));
  });

  it('shows a clear message for bad input and keeps the bill as it was', async () => {
    const app = await mountApp();
    press('0', 'Enter');
    await flushPromises();
    expect(app.get('[role="alert"]').text()).toContain('mayor que cero');
    press('Escape', 'Enter');
    await flushPromises();
    expect(app.get('[role="alert"]').text()).toContain('vacía');
    expect(app.get('[data-testid="total"]').text()).toBe(pesos(0));
  });

  it('adds quick keys from the cached catalog by touch', async () => {
    world = await createWorld();
    await world.db.kvSet('catalog', {
      v: 1,
      items: [{ id: 'CAFE', name: 'Café', price: 2500 }],
      fetchedAt: '2026-11-27T15:00:00.000Z',
    });
    wrapper = mount(App, { global: { plugins: [world.pinia] }, attachTo: document.body });
    await vi.waitFor(() => expect(wrapper!.find('.quick-keys button').exists()).toBe(true));
    await wrapper.get('.quick-keys button').trigger('click');
    await wrapper.get('.quick-keys button').trigger('click');
    expect(wrapper.get('[data-testid="total"]').text()).toBe(pesos(5000));
    expect(wrapper.get('.lines .qty').text()).toBe('2');
  });

  it('opens the key help with F1 and closes it with Escape', async () => {
    const app = await mountApp();
    press('F1');
    // The overlay is loaded on first use (a separate chunk): slow to transform on a busy machine.
    await vi.waitFor(() => expect(app.find('[role="dialog"]').exists()).toBe(true), {
      timeout: 20_000,
    });
    expect(app.get('[role="dialog"]').text()).toContain('F2');
    press('Escape');
    await flushPromises();
    expect(app.find('[role="dialog"]').exists()).toBe(false);
  }, 30_000);

  it('asks to confirm a large amount and adds it only after Enter', async () => {
    const app = await mountApp();
    press('6', '0', '0', '0', '0', '0', 'Enter');
    await flushPromises();
    expect(app.get('[role="alertdialog"]').text()).toContain(pesos(600000));
    expect(app.get('[data-testid="total"]').text()).toBe(pesos(0));
    press('Enter');
    await flushPromises();
    expect(app.find('[role="alertdialog"]').exists()).toBe(false);
    expect(app.get('[data-testid="total"]').text()).toBe(pesos(600000));
  });

  it('asks an unpaired till for the code, then sells', async () => {
    const app = await mountApp(false);
    expect(app.text()).toContain('Vincular esta caja');
    const inputs = app.findAll('input');
    await inputs[0]!.setValue('http://relay.test');
    await inputs[1]!.setValue(world.relay.pairingCode);
    await inputs[2]!.setValue('Caja 7');
    await app.get('form').trigger('submit');
    await vi.waitFor(() => expect(app.find('[data-testid="total"]').exists()).toBe(true));
    expect((await world.db.kvGet('pairing'))?.token).toBe(world.relay.token);
  });

  it('says in Spanish what to do when the pairing code is refused', async () => {
    const app = await mountApp(false);
    const inputs = app.findAll('input');
    await inputs[0]!.setValue('http://relay.test');
    await inputs[1]!.setValue('WRONG-CODE');
    await app.get('form').trigger('submit');
    await vi.waitFor(() => expect(app.find('[role="alert"]').exists()).toBe(true));
    // The relay's own (English, operator) text is replaced by what the cashier can do.
    expect(app.get('[role="alert"]').text()).toContain('pida uno nuevo al administrador');
    expect(await world.db.kvGet('pairing')).toBeUndefined();
  });

  it('gives way when another tab is the till', async () => {
    const locks = {
      request: async (_name: string, _options: unknown, callback: (lock: null) => unknown) =>
        callback(null),
    };
    vi.stubGlobal('navigator', { ...navigator, locks, onLine: true });
    const app = await mountApp();
    await vi.waitFor(() => expect(app.text()).toContain('otra pestaña'));
    expect(app.find('[data-testid="total"]').exists()).toBe(false);
  });

  it('shows the day on the Today view with where each bill is', async () => {
    const app = await mountApp();
    press('2', '5', '0', '0', 'Enter', 'Enter');
    await vi.waitFor(async () => expect(await world.db.count('bills')).toBe(1));
    press('F7');
    await flushPromises();
    // The Today view is loaded on first use; its first transform is slow on a busy machine.
    await vi.waitFor(() => expect(app.find('table').exists()).toBe(true), { timeout: 20_000 });
    expect(app.get('[data-testid="till-total"]').text()).toContain(pesos(2500));
    await vi.waitFor(() => expect(app.get('tbody').text()).toMatch(/En (esta caja|el relay)/));
  }, 30_000);

  it('keeps the refund dialog steady while the sync re-reads the list', async () => {
    const app = await mountApp();
    press('2', '5', '0', '0', 'Enter', 'Enter');
    await vi.waitFor(async () => expect(await world.db.count('bills')).toBe(1));
    press('F7');
    await vi.waitFor(() => expect(app.find('tbody tr[data-bill-id]').exists()).toBe(true), {
      timeout: 20_000,
    });
    await app.get('tbody tr[data-bill-id] button').trigger('click');
    const refundButton = () => app.findAll('button').find((b) => b.text().startsWith('Devolver'));
    await vi.waitFor(() => expect(refundButton()?.attributes('disabled')).toBeUndefined());
    await refundButton()!.trigger('click');
    await vi.waitFor(() => expect(app.find('.refund-lines').exists()).toBe(true));
    const save = () =>
      app
        .findAll('[role="alertdialog"] button')
        .find((b) => b.text() === 'Guardar la nota crédito');
    // The sync moves the sale to the relay and the cloud: each move re-reads the day's list,
    // while the relay is slow to say what other tills refunded.
    const bills = useBillsStore();
    world.relay.hanging = true;
    for (let round = 0; round < 3; round++) {
      await bills.reload();
      await flushPromises();
      expect(app.find('.refund-lines').exists()).toBe(true);
      expect(save()?.attributes('disabled')).toBeUndefined();
    }
    world.relay.hanging = false;
    await save()!.trigger('click');
    await vi.waitFor(() => expect(app.findAll('tbody tr[data-bill-id]')).toHaveLength(2));
  }, 30_000);
});
