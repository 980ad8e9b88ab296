import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../src/App.vue';

describe('App shell', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says the relay is reachable when health answers 200', async () => {
    vi.stubGlobal('fetch', async () => new Response('{"status":"ok"}', { status: 200 }));
    const wrapper = mount(App);
    await flushPromises();
    expect(wrapper.get('[role="status"]').text()).toBe('Relay: reachable');
  });

  it('says the relay is unreachable when the request fails', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const wrapper = mount(App);
    await flushPromises();
    expect(wrapper.get('[role="status"]').text()).toBe('Relay: unreachable');
  });
});
