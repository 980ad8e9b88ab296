// Serves the built till app (apps/pwa/dist) with a single-page-app fallback that never answers
// for /api/ (an unknown API path gets a JSON 404 before this runs), and the local CA certificate
// at /ca.crt when HTTPS uses one made by `make-cert`, so a tablet can fetch it in its browser.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';

/** Files the browser must revalidate each time, or a till would keep running an old app. */
const ALWAYS_REVALIDATE = /(?:^|\/)(?:index\.html|sw\.js|registerSW\.js|manifest\.webmanifest)$/;

export function pwaRouter(pwaDir: string | undefined, caCertFile: string | undefined): Router {
  const router = Router();
  if (caCertFile && existsSync(caCertFile)) {
    router.get('/ca.crt', (_req, res) => {
      res.type('application/x-x509-ca-cert').sendFile(caCertFile);
    });
  }
  if (!pwaDir || !existsSync(join(pwaDir, 'index.html'))) return router;
  router.use(
    express.static(pwaDir, {
      setHeaders: (res, path) => {
        if (ALWAYS_REVALIDATE.test(path)) res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
  router.get(/^\/(?!api(?:\/|$)|metrics$).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(pwaDir, 'index.html'));
  });
  return router;
}
