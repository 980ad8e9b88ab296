// Baseline: what the original terminal register did on every sale. It keeps the whole
// daily_shifts.json in memory and rewrites the entire file for each bill (JSON.stringify of
// every bill of the day, then writeFileSync). It does not even fsync, so it is not durable:
// the comparison flatters it. Served over node:http so it is measured exactly like the relay.
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';

const dataDir = process.env.DATA_DIR ?? '.';
const preload = Number(process.env.PRELOAD_BILLS ?? 10_000);
const file = join(dataDir, 'daily_shifts.json');
const today = new Date().toISOString().slice(0, 10);
/** @type {{ bills: any[]; total: number }} */
const day = { bills: [], total: 0 };
const shifts = { [today]: day };

for (let i = 0; i < preload; i += 1) {
  const items = [{ id: 'SKU-1', name: 'Item 1', price: 1500, quantity: 2 }];
  day.bills.push({ id: `pre-${i}`, tillId: 'till-1', version: 1, items, total: 3000 });
  day.total += 3000;
}
writeFileSync(file, JSON.stringify(shifts, null, 2));

const server = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const bill = JSON.parse(body);
    day.bills.push(bill);
    day.total += bill.total;
    writeFileSync(file, JSON.stringify(shifts, null, 2));
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: bill.id, version: bill.version, shiftDate: today }));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  console.log(`baseline listening on http://127.0.0.1:${port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
