// The relay's event stream read with fetch, as the till does, for tests.
import { RELAY_TOKEN } from './test-relay.js';

/** Reads the event stream with fetch, as the till does, collecting raw text. */
export async function openStream(url: string, token = RELAY_TOKEN) {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/v1/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  let text = '';
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += value;
      }
    } catch {
      // aborted
    }
  })();
  const waitFor = async (predicate: (text: string) => boolean) => {
    // Polls the collected text; the relay pushes within coalesceMs (5 ms in tests).
    for (let i = 0; i < 200 && !predicate(text); i += 1)
      await new Promise((r) => setTimeout(r, 10));
    return text;
  };
  return {
    response,
    waitFor,
    close: async () => {
      controller.abort();
      await pump;
    },
  };
}
