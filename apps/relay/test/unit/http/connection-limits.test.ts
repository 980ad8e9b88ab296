// Idle, half-sent requests from one machine cannot starve the tills: one address holds at most
// `perAddress` connections, and a request whose headers do not arrive in time is dropped.
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { limitConnections, serverOptions } from '../../../src/http/connection-limits.js';
import { memoryLogger } from '../../../src/logging/logger.js';

let server: Server;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function start(limits: NonNullable<Parameters<typeof limitConnections>[2]>) {
  server = createServer(serverOptions(limits), (_req, res) => res.end('ok'));
  const logger = memoryLogger();
  const open = limitConnections(server, logger, limits);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, open, logger };
}

/** A connection that sends half a request and then nothing. */
function halfSent(port: number, localAddress = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress }, () => {
      socket.write('PUT /api/v1/bills/x HTTP/1.1\r\nHost: relay\r\n');
      resolve(socket);
    });
    socket.on('error', () => undefined);
    // Read (and drop) what the server sends, so its close is seen.
    socket.resume();
    sockets.push(socket);
  });
}

const closed = (socket: Socket, withinMs = 3_000) =>
  new Promise<boolean>((resolve) => {
    if (socket.destroyed) return resolve(true);
    socket.once('close', () => resolve(true));
    setTimeout(() => resolve(false), withinMs);
  });

const limits = {
  perAddress: 3,
  total: 100,
  headersTimeoutMs: 400,
  requestTimeoutMs: 1_000,
  keepAliveTimeoutMs: 500,
  checkIntervalMs: 200,
};

/** A timeout fires within its bound: the timeout, one check interval, and a little slack. */
const bound = (timeoutMs: number) => timeoutMs + limits.checkIntervalMs + 300;

describe('connection limits', () => {
  it('close connections past the cap of one address, while another address is served', async () => {
    const { port, logger } = await start(limits);
    for (let i = 0; i < 3; i++) await halfSent(port);
    const fourth = await halfSent(port);
    expect(await closed(fourth)).toBe(true);
    expect(logger.lines.join('\n')).toContain('too many from one address');
    // A till on another address is served at once.
    const answer = await new Promise<string>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1', localAddress: '127.0.0.2' }, () =>
        socket.write('GET / HTTP/1.1\r\nHost: relay\r\nConnection: close\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      sockets.push(socket);
    });
    expect(answer).toMatch(/^HTTP\/1.1 200/);
  });

  it('drop a half-sent request once its headers are late, freeing the slot', async () => {
    const { port, open } = await start(limits);
    const idle = await halfSent(port);
    // Node's default check interval is 30 s: closed within the bound only if ours is applied.
    expect(await closed(idle, bound(limits.headersTimeoutMs))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(open.get('127.0.0.1') ?? 0).toBe(0);
  });

  it('drop a request whose body trickles past the request timeout', async () => {
    const { port } = await start(limits);
    const socket = await new Promise<Socket>((resolve) => {
      const client = connect({ port, host: '127.0.0.1' }, () => {
        client.write('PUT /x HTTP/1.1\r\nHost: relay\r\nContent-Length: 1000\r\n\r\n');
        resolve(client);
      });
      client.on('error', () => undefined);
      client.resume();
      sockets.push(client);
    });
    // One byte every 100 ms: never idle, never finished.
    const trickle = setInterval(() => socket.writable && socket.write('x'), 100);
    try {
      expect(await closed(socket, bound(limits.requestTimeoutMs))).toBe(true);
    } finally {
      clearInterval(trickle);
    }
  });
});
