// Entry point of the start-up read ahead's worker thread (dist/read-ahead-worker.js): see
// read-ahead-files.ts. It loads only the storage code it needs, so it is reading while the
// main thread is still loading the HTTP stack.
import { parentPort, workerData } from 'node:worker_threads';
import { readAhead } from './read-ahead-files.js';

const port = parentPort!;
await readAhead((workerData as { dataDir: string }).dataDir, (message, transfer) =>
  port.postMessage(message, transfer),
);
