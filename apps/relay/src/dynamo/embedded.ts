// The embedded DynamoDB-compatible store used when neither DYNAMODB_ENDPOINT nor AWS credentials
// are configured: dynalite (the DynamoDB HTTP API over LevelDB) in this process, data in
// DATA_DIR/dynamodb, listening on loopback only. The whole sync path then works offline.
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import dynalite from 'dynalite';
import type { SyncLogger } from '../sync/ports.js';

export interface EmbeddedDynamo {
  endpoint: string;
  path: string;
  close(): Promise<void>;
}

export async function startEmbeddedDynamo({
  dataDir,
  logger,
  port = 0,
}: {
  dataDir: string;
  logger: SyncLogger;
  /** 0 picks a free port. */
  port?: number;
}): Promise<EmbeddedDynamo> {
  const path = join(dataDir, 'dynamodb');
  await mkdir(path, { recursive: true });
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  logger.warn(
    'No DYNAMODB_ENDPOINT and no AWS credentials: syncing to the embedded DynamoDB-compatible ' +
      `store (dynalite) at ${path}, on ${endpoint}. Set DYNAMODB_ENDPOINT or AWS credentials to ` +
      'sync to DynamoDB.',
    { endpoint, path },
  );
  return {
    endpoint,
    path,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets of the SDK would hold close() open; the client is gone by now.
        server.closeAllConnections();
      }),
  };
}
