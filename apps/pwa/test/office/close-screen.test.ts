// The close screen shows one day at a time: the Z, cash moves and X of the day picked last, even
// when the answers about a day picked before arrive after it (a day typed digit by digit).
import { makeShift } from '@caja/models';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import CloseScreen from '../../src/office/screens/CloseScreen.vue';
import { saleBill } from '../helpers.js';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

describe('the close screen', () => {
  it('shows the X of the day picked last, whichever answer arrives last', async () => {
    const days: Record<string, number> = { '2026-11-20': 1_000, '2026-11-21': 5_000 };
    let releaseFirst!: () => void;
    const held = new Promise<void>((resolve) => (releaseFirst = resolve));
    vi.stubGlobal('fetch', async (input: string) => {
      const path = String(input);
      const shiftDay = /\/api\/v1\/shifts\/(\d{4}-\d{2}-\d{2})$/.exec(path)?.[1];
      if (shiftDay) {
        const bill = saleBill([days[shiftDay] ?? 0], `${shiftDay}T15:00:00.000Z`);
        const shift = makeShift(shiftDay, [
          { ...bill, payment: { method: 'cash', tendered: bill.total, change: 0 } },
        ]);
        if (shiftDay === '2026-11-20') await held;
        return json(200, shift);
      }
      if (path.endsWith('/z')) return json(404, { error: { code: 'not_found', message: 'open' } });
      if (path.endsWith('/cash-moves')) return json(200, { moves: [] });
      if (path.endsWith('/admin/tills')) return json(200, { tills: [] });
      return json(404, { error: { code: 'not_found', message: path } });
    });
    setActivePinia(createPinia());
    const screen = mount(CloseScreen, { attachTo: document.body });
    const field = screen.get('input');
    await field.setValue('2026-11-20');
    await flushPromises();
    await field.setValue('2026-11-21');
    await vi.waitFor(() => expect(screen.find('[data-testid="z-cash-bills"]').exists()).toBe(true));
    const shown = () => screen.get('[data-testid="z-cash-bills"]').text();
    const latest = shown();
    expect(latest).toMatch(/5[.,]000/);
    releaseFirst();
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(shown()).toBe(latest);
    screen.unmount();
  });
});
