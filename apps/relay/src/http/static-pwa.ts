// Serves the built till app (apps/pwa/dist) with a single-page-app fallback that never answers
// for /api/ (an unknown API path gets a JSON 404 before this runs), and the local CA certificate
// at /ca.crt when HTTPS uses one made by `make-cert`, so a tablet can fetch it in its browser.
// Text assets go out as the brotli or gzip copy the build made beside them (Content-Encoding,
// Vary: Accept-Encoding); hashed assets are cached for a year, the rest revalidated each time.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Router } from 'express';
import expressStaticGzip from 'express-static-gzip';

/** Files the browser must revalidate each time, or a till would keep running an old app. */
const ALWAYS_REVALIDATE = /(?:^|\/)(?:index\.html|sw\.js|registerSW\.js|manifest\.webmanifest)$/;
/** Vite names these by content hash: a changed file gets a new name, so they never go stale. */
const HASHED_ASSET = /(?:^|\/)assets\/.+-[\w-]{8,}\.\w+$/;

export function pwaRouter(pwaDir: string | undefined, caCertFile: string | undefined): Router {
  const router = Router();
  if (caCertFile && existsSync(caCertFile)) {
    router.get('/ca.crt', (_req, res) => {
      res.type('application/x-x509-ca-cert').sendFile(caCertFile);
    });
  }
  if (!pwaDir || !existsSync(join(pwaDir, 'index.html'))) return router;
  router.use(
    expressStaticGzip(pwaDir, {
      enableBrotli: true,
      orderPreference: ['br', 'gz'],
      serveStatic: {
        setHeaders: (res, path) => {
          // `path` may be the .br or .gz copy: judge by the name the browser asked for.
          const asked = path.replace(/\.(?:br|gz)$/, '');
          if (ALWAYS_REVALIDATE.test(asked)) res.setHeader('Cache-Control', 'no-cache');
          else if (HASHED_ASSET.test(asked)) {
            res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
          }
        },
      },
    }),
  );
  router.get(/^\/(?!api(?:\/|$)|metrics$).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(pwaDir, 'index.html'));
  });
  return router;
}
