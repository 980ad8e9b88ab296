// Renders public/icon.svg into the PNG icons the manifest lists, with Debian's Chromium:
//   node apps/pwa/scripts/make-icons.mjs
// The maskable icon fills the square edge to edge (launchers cut their own shape out of it);
// the drawing already sits inside the 80 % safe circle.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(new URL('../../../test-e2e/package.json', import.meta.url));
const { chromium } = require('@playwright/test');
const publicDir = fileURLToPath(new URL('../public/', import.meta.url));
const svg = readFileSync(`${publicDir}icon.svg`, 'utf8');
const maskable = svg.replace(
  /<rect width="512" height="512" rx="96"/,
  '<rect width="512" height="512"',
);

const outputs = [
  ['icon-192.png', svg, 192],
  ['icon-512.png', svg, 512],
  ['icon-maskable-512.png', maskable, 512],
  ['apple-touch-icon.png', maskable, 180],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  for (const [name, source, size] of outputs) {
    await page.setViewportSize({ width: size, height: size });
    const sized = source.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${sized}</body></html>`,
    );
    await page.locator('svg').screenshot({ path: `${publicDir}${name}`, omitBackground: true });
    console.log(`wrote public/${name}`);
  }
} finally {
  await browser.close();
}
