import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import UpdatePrompt from '../../src/components/UpdatePrompt.vue';
import { useAppUpdateStore } from '../../src/stores/app-update.js';
import { useSaleStore } from '../../src/stores/sale.js';
import { createWorld, freshIndexedDb, type TestWorld } from '../helpers.js';

let world: TestWorld;

beforeEach(async () => {
  freshIndexedDb();
  world = await createWorld();
});

describe('update prompt', () => {
  it('stays hidden until a new version waits', () => {
    const wrapper = mount(UpdatePrompt, { global: { plugins: [world.pinia] } });
    expect(wrapper.find('button').exists()).toBe(false);
    expect(wrapper.text()).toBe('');
  });

  it('offers the update when no bill is open, and applies it on request', async () => {
    let applied = 0;
    useAppUpdateStore().offer(() => (applied += 1));
    const wrapper = mount(UpdatePrompt, { global: { plugins: [world.pinia] } });
    await wrapper.get('button').trigger('click');
    expect(applied).toBe(1);
    expect(useAppUpdateStore().available).toBe(false);
  });

  it('never offers it while a bill is open', async () => {
    let applied = 0;
    useAppUpdateStore().offer(() => (applied += 1));
    const sale = useSaleStore();
    sale.type('5');
    const wrapper = mount(UpdatePrompt, { global: { plugins: [world.pinia] } });
    expect(wrapper.find('button').exists()).toBe(false);
    expect(wrapper.text()).toContain('cuando se guarde la factura');
    sale.escape();
    await flushPromises();
    expect(wrapper.find('button').exists()).toBe(true);
    expect(applied).toBe(0);
  });
});
