// Entry point of the relay: `node apps/relay/dist/main.js`.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import helmet from 'helmet';

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '0.0.0.0';
const pwaDir = join(dirname(fileURLToPath(import.meta.url)), '../../pwa/dist');

const app = express();
app.disable('x-powered-by');
app.use(helmet());
app.get('/api/v1/health', (_req, res) => {
  res.json({ status: 'ok' });
});
if (existsSync(pwaDir)) {
  app.use(express.static(pwaDir));
  app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(join(pwaDir, 'index.html')));
}

const server = app.listen(port, host, () => {
  console.log(`Caja relay listening on http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
