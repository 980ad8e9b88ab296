import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import {
  ADMIN_TOKEN,
  BASE_URL,
  OWNER_PASSWORD,
  E2E_PORT,
  RELAY_TOKEN,
  SHOP,
  STORE_TIMEZONE,
} from './support/env.js';

// A fresh data folder per run, made once by the runner; workers inherit the variable (they
// load this file again) and must not make another one.
process.env.CAJA_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'caja-e2e-'));

// Debian's Chromium, never a downloaded browser. These flags keep it from reaching for the
// network, which this machine closes (it would otherwise retry Google hosts at every start).
export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  forbidOnly: true,
  use: {
    baseURL: BASE_URL,
    viewport: { width: 1280, height: 800 },
    locale: 'es-CO',
    timezoneId: STORE_TIMEZONE,
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
    // The Node running Playwright (the project's Node 24 under npm test) also runs the relay.
    command: `"${process.execPath}" ../apps/relay/dist/main.js`,
    url: `${BASE_URL}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    env: {
      PORT: String(E2E_PORT),
      HOST: '127.0.0.1',
      DATA_DIR: process.env.CAJA_E2E_DATA_DIR,
      RELAY_TOKEN,
      ADMIN_TOKEN,
      OWNER_PASSWORD,
      STORE_TIMEZONE,
      // A sync run every second, so "in the cloud" shows up within a test.
      TIME_TO_SYNC: '1',
      RATE_LIMIT_PER_MINUTE: '0',
      // Every test pairs its own tills from 127.0.0.1, dozens a minute.
      PAIR_ATTEMPTS_PER_MINUTE: '1000',
      ...SHOP,
    },
  },
});
