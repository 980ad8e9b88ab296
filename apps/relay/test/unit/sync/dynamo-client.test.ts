import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { createDynamoClient } from '../../../src/dynamo/client.js';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A DynamoDB-shaped endpoint that records the headers of each request. */
async function recordingEndpoint(seen: IncomingHttpHeaders[]): Promise<string> {
  const server = createServer((request, response) => {
    seen.push(request.headers);
    request.resume().on('end', () => {
      response.setHeader('content-type', 'application/x-amz-json-1.0');
      response.end(JSON.stringify({ Table: { TableName: 't', TableStatus: 'ACTIVE' } }));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function describeThrough(unsignedLoopback: boolean): Promise<IncomingHttpHeaders> {
  const seen: IncomingHttpHeaders[] = [];
  const endpoint = await recordingEndpoint(seen);
  const client = createDynamoClient({
    endpoint,
    useCredentialChain: false,
    requestTimeoutMs: 2000,
    unsignedLoopback,
  });
  const output = await client.send(new DescribeTableCommand({ TableName: 't' }));
  client.destroy();
  expect(output.Table?.TableStatus).toBe('ACTIVE');
  expect(seen).toHaveLength(1);
  return seen[0]!;
}

describe('the DynamoDB client', () => {
  it('signs requests with SigV4 for any endpoint but the embedded store', async () => {
    const headers = await describeThrough(false);
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=caja-local\/\d{8}\/local\/dynamodb\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/,
    );
    expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it('gives the embedded store fixed SigV4-shaped headers instead of a signature', async () => {
    const headers = await describeThrough(true);
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=\S+, SignedHeaders=\S+, Signature=\S+$/,
    );
    expect(headers.authorization).not.toMatch(/Signature=[0-9a-f]{64}/);
    expect(headers['x-amz-date']).toBeDefined();
    expect(headers['x-amz-target']).toBe('DynamoDB_20120810.DescribeTable');
  });
});
