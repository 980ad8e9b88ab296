// dynalite (in memory), alone or behind a FaultProxy, plus reading the table back for assertions.
import type { AddressInfo } from 'node:net';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { createDynamoClient } from '../../../src/dynamo/client.js';
import { FaultProxy } from './fault-proxy.js';

export interface DynamoRig {
  proxy: FaultProxy;
  dynaliteEndpoint: string;
  /** Every item of the table, read directly from dynalite (not through the proxy). */
  scan(table: string): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

export interface Dynalite {
  endpoint: string;
  close(): Promise<void>;
}

/** dynalite in memory on a free loopback port, in this process. */
export async function startDynalite(): Promise<Dynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export async function startDynamoRig(): Promise<DynamoRig> {
  const server = await startDynalite();
  const dynaliteEndpoint = server.endpoint;
  const proxy = new FaultProxy(dynaliteEndpoint);
  await proxy.listen();
  const reader = createDynamoClient({
    endpoint: dynaliteEndpoint,
    useCredentialChain: false,
    requestTimeoutMs: 10_000,
  });
  return {
    proxy,
    dynaliteEndpoint,
    async scan(table) {
      const items: Array<Record<string, unknown>> = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await reader.send(
          new ScanCommand({ TableName: table, ExclusiveStartKey: startKey, ConsistentRead: true }),
        );
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return items;
    },
    async close() {
      reader.destroy();
      await proxy.close();
      await server.close();
    },
  };
}
