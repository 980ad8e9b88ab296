import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 18080);

// Debian's Chromium, never a downloaded browser. These flags keep it from reaching for the
// network, which this machine closes (it would otherwise retry Google hosts at every start).
export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  use: {
    baseURL: `http://localhost:${port}`,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: 'node ../apps/relay/dist/main.js',
    url: `http://localhost:${port}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: '.e2e-data' },
  },
});
