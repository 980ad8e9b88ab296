// Lighthouse 12 performance score (mobile: its default emulated phone and simulated slow 4G and
// CPU) of the till's pairing screen (first visit, nothing cached) and selling screen (a paired
// till opening the app again), in Debian's Chromium against the built relay.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { fmt, startRelay, tempDir } from './lib.mjs';
import { ADMIN, chromium, LAUNCH, pair } from './pwa.mjs';

/** One Lighthouse run on the browser listening at `port`: score and the metrics behind it. */
async function audit(url, port, keepStorage) {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance'],
    disableStorageReset: keepStorage,
  });
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const { categories, audits } = result.lhr;
  const ms = (id) => audits[id]?.numericValue ?? NaN;
  return {
    score: Math.round((categories.performance?.score ?? 0) * 100),
    fcp: ms('first-contentful-paint'),
    lcp: ms('largest-contentful-paint'),
    tbt: ms('total-blocking-time'),
    bytes: ms('total-byte-weight'),
  };
}

export async function benchLighthouse() {
  const dataDir = tempDir('caja-bench-lh-relay-');
  const profile = tempDir('caja-bench-lh-profile-');
  const relay = await startRelay({ DATA_DIR: dataDir, ADMIN_TOKEN: ADMIN });
  // localhost is a secure context: the service worker runs as it does over the shop's HTTPS.
  const url = `${relay.url.replace('127.0.0.1', 'localhost')}/`;
  const context = await chromium.launchPersistentContext(profile, {
    ...LAUNCH,
    args: [...LAUNCH.args, '--remote-debugging-port=0'],
  });
  let pairing;
  let selling;
  try {
    const port = Number(readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0]);
    pairing = await audit(url, port, false);
    const page = context.pages()[0] ?? (await context.newPage());
    await pair(page, relay.url.replace('127.0.0.1', 'localhost'));
    selling = await audit(url, port, true);
  } finally {
    await context.close();
    await relay.stop();
    rmSync(profile, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
  const row = (name, r) =>
    `| ${name} | ${r.score} | ${fmt(r.fcp)} | ${fmt(r.lcp)} | ${fmt(r.tbt)} | ${fmt(r.bytes / 1024)} |`;
  return [
    '### Lighthouse (mobile)',
    '',
    'Lighthouse 12 performance in Debian Chromium, its default mobile settings (emulated phone,',
    'simulated slow 4G and 4x CPU slowdown). Target: 90 or more. Before precompression and the',
    'split vendor chunks the pairing screen scored 46 (first paint 4.4 s, blocking 1.3 s).',
    '',
    '| screen | score | first contentful paint ms | largest contentful paint ms | total blocking ms | KiB sent |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    row('pairing (first visit)', pairing),
    row('selling (paired till, repeat visit)', selling),
  ].join('\n');
}
