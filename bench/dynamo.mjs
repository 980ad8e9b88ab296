// DynamoDB pieces of the benchmarks: dynalite in its own process (the relay's embedded-store
// script at normal priority: the bench's own event loop and dynalite each get a core), the table the
// relay creates, and loading items with BatchWriteItem, many requests in flight.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tempDir } from './lib.mjs';

// A bundle: not type-checked from here.
const reporterLibrary = new URL('../apps/reporter/dist/index.js', import.meta.url).href;
const dynaliteScript = fileURLToPath(
  new URL('../apps/relay/dist/dynalite-process.mjs', import.meta.url),
);

/** dynalite on loopback in a child process (LevelDB in a temp folder, or in memory); resolves
 * with its endpoint, pid and close(). */
export function startDynaliteProcess({ inMemory = false, heapMb = 0 } = {}) {
  const path = inMemory ? '' : tempDir('caja-bench-dynalite-');
  const child = fork(dynaliteScript, [path, '0', 'normal'], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: heapMb ? [`--max-old-space-size=${heapMb}`] : [],
    serialization: 'json',
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`dynalite exited with ${code}`)));
    child.on('message', (/** @type {any} */ message) => {
      if (message.type !== 'listening') return reject(new Error(message.message));
      resolve({
        endpoint: `http://127.0.0.1:${message.port}`,
        pid: child.pid,
        close: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done(undefined);
            child.once('exit', () => done(undefined));
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function processCpuSeconds(pid) {
  const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
  // utime and stime are fields 14 and 15 of stat; here 0-based after the command name.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function documentClient(endpoint) {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'local',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    }),
  );
}

/** The table as the relay creates it (its own definition, from the built reporter's library). */
export async function createDayTable(client, tableName) {
  const { tableDefinition } = await import(reporterLibrary);
  await client.send(new CreateTableCommand(tableDefinition(tableName)));
}

/**
 * Writes every item that `produce` yields with BatchWriteItem (25 items a request, `inFlight`
 * requests at once, unprocessed items sent again). `produce` is a (sync) generator of item
 * arrays, pulled only as writers need them, so a large load is never all in memory.
 */
export async function batchWriteAll(client, tableName, produce, inFlight = 16) {
  const source = produce[Symbol.iterator]();
  let buffer = [];
  let offset = 0;
  let written = 0;
  const nextBatch = () => {
    while (buffer.length - offset < 25) {
      const step = source.next();
      if (step.done) break;
      buffer = buffer.slice(offset).concat(step.value);
      offset = 0;
    }
    const batch = buffer.slice(offset, offset + 25);
    offset += batch.length;
    return batch;
  };
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let batch = nextBatch(); batch.length > 0; batch = nextBatch()) {
        let pending = batch.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length > 0) {
          const out = await client.send(
            new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
          );
          pending = out.UnprocessedItems?.[tableName] ?? [];
        }
        written += batch.length;
      }
    }),
  );
  return written;
}
