// s3rver (S3 on the local disk) behind the FaultProxy, plus a direct client to read objects back.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { FaultProxy } from '../sync-support/fault-proxy.js';

export interface S3Rig {
  bucket: string;
  proxy: FaultProxy;
  /** The object's text, or undefined when there is none. */
  read(key: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export async function startS3Rig(bucket = 'caja-exports'): Promise<S3Rig> {
  const directory = mkdtempSync(join(tmpdir(), 'caja-s3-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const proxy = new FaultProxy(endpoint);
  await proxy.listen();
  const client = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    bucket,
    proxy,
    async read(key) {
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await object.Body?.transformToString();
      } catch (error) {
        if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    async close() {
      client.destroy();
      await proxy.close();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
