import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const modelsSource = fileURLToPath(new URL('./packages/models/src/index.ts', import.meta.url));

// One config, one project per tier. `npm test` runs unit projects first, then integration
// (which needs `npm run build`: it starts the built relay as a child process).
export default defineConfig({
  resolve: { alias: { '@caja/models': modelsSource } },
  test: {
    // Speed is measured by `npm run bench`, not by tests: a test that is only slow (a property
    // test on a busy two-core machine) must not fail for it.
    testTimeout: 20_000,
    coverage: {
      provider: 'v8',
      include: ['packages/models/src/**'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 95 },
    },
    projects: [
      {
        extends: true,
        test: { name: 'models', include: ['packages/models/test/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'relay', include: ['apps/relay/test/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'reporter',
          include: ['apps/reporter/test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        plugins: [vue()],
        test: {
          name: 'pwa',
          include: ['apps/pwa/test/**/*.test.ts'],
          environment: 'happy-dom',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['apps/relay/test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
