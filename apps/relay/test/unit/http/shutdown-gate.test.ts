// The shutdown gate: the responses in flight when shutdown begins close their connection after
// answering; responses already closed, or whose headers went out, are left alone.
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ShutdownGate } from '../../../src/http/shutdown-gate.js';

/** Just what the gate uses of a ServerResponse. */
class FakeResponse extends EventEmitter {
  headersSent = false;
  readonly headers = new Map<string, string>();
  setHeader(name: string, value: string) {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }
}

const asResponse = (fake: FakeResponse) => fake as unknown as ServerResponse;

describe('ShutdownGate', () => {
  it('marks exactly the responses still open, whatever order the others closed in', () => {
    const gate = new ShutdownGate();
    const responses = Array.from({ length: 200 }, () => new FakeResponse());
    for (const res of responses) expect(gate.admit(asResponse(res))).toBe(true);
    // Close a scattered subset (first, last, neighbours, middle), each 'close' once.
    const closedIndexes = new Set<number>([0, 199, 1, 2, 100, 101, 57]);
    for (let i = 3; i < 200; i += 7) closedIndexes.add(i);
    for (const i of closedIndexes) responses[i]!.emit('close');
    responses[150]!.headersSent = true;
    expect(gate.inFlight).toBe(200 - closedIndexes.size);

    gate.begin();

    responses.forEach((res, i) => {
      const expected = !closedIndexes.has(i) && i !== 150 ? 'close' : undefined;
      expect(res.headers.get('connection'), `response ${i}`).toBe(expected);
    });
    expect(gate.admit(asResponse(new FakeResponse()))).toBe(false);
  });

  it('forgets every response once closed, and a second close changes nothing', () => {
    const gate = new ShutdownGate();
    const responses = Array.from({ length: 5 }, () => new FakeResponse());
    for (const res of responses) gate.admit(asResponse(res));
    for (const res of [...responses].reverse()) res.emit('close');
    responses[2]!.emit('close');
    expect(gate.inFlight).toBe(0);
    const late = new FakeResponse();
    gate.admit(asResponse(late));
    gate.begin();
    expect(late.headers.get('connection')).toBe('close');
    expect(responses.every((res) => res.headers.size === 0)).toBe(true);
  });
});
