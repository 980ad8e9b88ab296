// The embedded DynamoDB-compatible store's own process: dynalite (the DynamoDB HTTP API over
// LevelDB) on loopback, started and supervised by the relay (dynamo/embedded.ts). Plain
// JavaScript so the same file runs from the sources (tests) and from dist/ (copied by build.mjs).
//
// argv: <LevelDB folder, empty: in memory> <port, 0 for any free one> ["normal": normal priority].
// Tells its parent the port over IPC, and exits when the parent goes (the IPC channel closes, even when the relay was SIGKILLed).
import { setPriority } from 'node:os';
import dynalite from 'dynalite';

const [path, portText, priority] = process.argv.slice(2);

// Below the relay's priority (before LevelDB starts its threads, which inherit it): when the CPU
// is short, the relay answering tills goes first and the sync waits. A benchmark that measures
// dynalite itself passes "normal".
if (priority !== 'normal') {
  try {
    setPriority(10);
  } catch {
    // Not permitted here: run at normal priority.
  }
}
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
