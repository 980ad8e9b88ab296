// A server-sent events reader over a fetch body (the EventSource wire format, minus reconnects).
export interface ServerSentEvent {
  event: string;
  data: string;
  id?: string;
}

/** Feeds text chunks, emits complete events. Pure: the stream plumbing is below. */
export function createEventParser(onEvent: (event: ServerSentEvent) => void) {
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let id: string | undefined;

  function dispatch() {
    if (data.length > 0) {
      onEvent({ event: event || 'message', data: data.join('\n'), ...(id ? { id } : {}) });
    }
    data = [];
    event = '';
  }

  function line(text: string) {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return; // comment: a keep-alive
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id') id = value;
  }

  return {
    push(chunk: string) {
      buffer += chunk;
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop() ?? '';
      for (const text of lines) line(text);
    },
  };
}

export async function readServerSentEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: ServerSentEvent) => void,
): Promise<void> {
  const parser = createEventParser(onEvent);
  const decoder = new TextDecoder();
  const reader = body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    // stream: true keeps a multi-byte character split across chunks intact.
    parser.push(decoder.decode(value, { stream: true }));
  }
}
