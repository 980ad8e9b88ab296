// Pages under a Content-Security-Policy without 'unsafe-eval' (the till and the back office,
// served by the relay with script-src 'self'): zod compiles fast object parsers with
// `new Function`, and even its check whether it may do so is a CSP violation in the console.
// Those pages call this once, before any parse; the relay keeps the compiled parsers.
import { z } from 'zod';

export function forbidCodeGeneration(): void {
  z.config({ jitless: true });
}
