import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';
import pkg from './package.json' with { type: 'json' };

/**
 * The back office (src/office and the libraries only it uses) goes to assets/office/, which the
 * service worker does not precache: a till never downloads the owner's screens.
 */
const OFFICE_MODULE =
  /\/src\/office\/|\/node_modules\/(?:\.pnpm\/)?(?:uplot|qrcode|pngjs|dijkstrajs)/;
// Rollup groups modules by the entries that load them, so a chunk holding one office module is
// loaded by office code only (the till never imports src/office).
const isOfficeChunk = (moduleIds: readonly string[]) =>
  moduleIds.some((id) => OFFICE_MODULE.test(id));

export default defineConfig({
  resolve: { conditions: ['source'] },
  define: {
    // Reported to the relay with the till's status (stores/till-status.ts).
    __APP_VERSION__: JSON.stringify(pkg.version),
    // Every component is <script setup>: Vue's Options API and production devtools hooks are
    // left out of the bundle (about 1.4 KB gzipped of the till's budget).
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  plugins: [
    vue(),
    VitePWA({
      // Our own service worker (src/sw) so we control exactly what is cached: the app shell only.
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        globIgnores: ['assets/office/**'],
      },
      manifest: {
        name: 'Caja',
        short_name: 'Caja',
        description:
          'La caja registradora de la tienda: vende sin conexión y envía cada factura al relay.',
        lang: 'es',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#ffffff',
        theme_color: '#1f4e79',
        // PNGs rendered from public/icon.svg by scripts/make-icons.mjs.
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: '/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
    }),
    // Brotli and gzip copies beside each text asset, made once at build: the relay serves them
    // with Content-Encoding instead of compressing on every request (http/static-pwa.ts).
    compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024 }),
  ],
  build: {
    target: 'es2022',
    rollupOptions: {
      output: {
        // What the till needs at start stays one chunk: the back office's sharing of Vue and the
        // models would otherwise split it in four, which gzips worse (about 2 KB).
        manualChunks: (id: string) =>
          !OFFICE_MODULE.test(id) && /\/node_modules\/|\/packages\/models\//.test(id)
            ? 'index'
            : undefined,
        chunkFileNames: (chunk) =>
          isOfficeChunk(chunk.moduleIds)
            ? 'assets/office/[name]-[hash].js'
            : 'assets/[name]-[hash].js',
        assetFileNames: (asset) =>
          asset.originalFileNames.some((name) => OFFICE_MODULE.test(`/${name}`))
            ? 'assets/office/[name]-[hash][extname]'
            : 'assets/[name]-[hash][extname]',
      },
    },
  },
});
