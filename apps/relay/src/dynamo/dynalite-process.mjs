// The embedded DynamoDB-compatible store's own process: dynalite (the DynamoDB HTTP API over
// LevelDB) on loopback, started and supervised by the relay (dynamo/embedded.ts). Plain
// JavaScript so the same file runs from the sources (tests) and from dist/ (copied by build.mjs).
//
// argv: <LevelDB folder> <port, 0 for any free one>. Tells its parent the port over IPC, and
// exits when the parent goes (the IPC channel closes, even when the relay was SIGKILLed).
import { setPriority } from 'node:os';
import dynalite from 'dynalite';

// Below the relay's priority (before LevelDB starts its threads, which inherit it): when the CPU
// is short, the relay answering tills goes first and the sync waits.
try {
  setPriority(10);
} catch {
  // Not permitted here: run at normal priority.
}

const [path, portText] = process.argv.slice(2);
const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });

server.once('error', (error) => {
  process.send?.({ type: 'error', code: error.code, message: error.message });
  process.exit(1);
});
server.listen(Number(portText) || 0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', port: server.address().port });
});

const stop = () => {
  server.close(() => process.exit(0));
  // Keep-alive sockets of the relay's client would hold close() open.
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', stop);
process.on('disconnect', stop);
