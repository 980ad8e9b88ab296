import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/dev-dist/**',
      '**/node_modules/**',
      'coverage/**',
      'data/**',
      '.test-output/**',
      'test-e2e/test-results/**',
      'test-e2e/playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The models package is the pure core: no I/O, no platform modules.
    files: ['packages/models/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'fs', 'vue', 'idb', '@aws-sdk/*', 'express'] },
      ],
    },
  },
  {
    // One storage package: the rest of the relay goes through its public index, never around it.
    // read-ahead.js is its one other entry: main.ts starts it before the rest (index) loads.
    files: ['apps/relay/src/**/*.ts'],
    // sync/storage-journal.ts is the sync's journal reader, on its way into storage/ itself.
    ignores: ['apps/relay/src/storage/**', 'apps/relay/src/sync/storage-journal.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)storage/(?!(index|read-ahead)\\.js$)',
              message: 'Import the storage package through storage/index.js (its public API).',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
