// Pages under a Content-Security-Policy without 'unsafe-eval' (the till and the back office,
// served by the relay with script-src 'self'): zod compiles fast object parsers with
// `new Function` when a schema is built, and even its check whether it may do so is a CSP
// violation in the console. In a browser it is told not to, before any schema of this package
// exists: index.ts exports this module first. The relay (Node) keeps the compiled parsers.
import { z } from 'zod';

if ('document' in globalThis) z.config({ jitless: true });
