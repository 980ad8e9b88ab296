// The relay's Content-Security-Policy (script-src 'self', no 'unsafe-eval', no inline scripts)
// against the till and the back office in a real browser: the pairing screen, the selling
// screen through a sale, and every back-office screen raise no CSP violation, neither as a
// `securitypolicyviolation` event nor as a console error. An inline script injected at the end
// must be caught, so a listener that sees nothing cannot pass the test.
import { expect, test, type Page } from '@playwright/test';
import { OfficePage, SCREENS } from '../pages/office-page.js';
import { pesos, TillPage } from '../pages/till-page.js';
import { issuePairingCode } from '../support/relay-api.js';

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

/** Records every CSP violation of the page (events in each document, and console errors). */
async function watchCsp(page: Page): Promise<() => Promise<Violation[]>> {
  await page.addInitScript(() => {
    const store: { directive: string; blocked: string; source: string }[] = [];
    (window as unknown as { cspViolations?: unknown[] }).cspViolations = store;
    document.addEventListener('securitypolicyviolation', (event) => {
      store.push({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        source: `${event.sourceFile}:${event.lineNumber}`,
      });
    });
  });
  const fromConsole: Violation[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && /Content Security Policy|unsafe-eval/i.test(text)) {
      fromConsole.push({ directive: 'console', blocked: text.slice(0, 300), source: '' });
    }
  });
  page.on('pageerror', (error) => {
    if (/EvalError|unsafe-eval|Content Security Policy/i.test(error.message)) {
      fromConsole.push({ directive: 'pageerror', blocked: error.message, source: '' });
    }
  });
  const seen: Violation[] = [];
  // Each navigation starts a new document (and a new list): collect before leaving one.
  return async () => {
    const events = await page.evaluate(
      () => (window as unknown as { cspViolations?: Violation[] }).cspViolations ?? [],
    );
    seen.push(...events.splice(0));
    await page.evaluate(() => {
      (window as unknown as { cspViolations?: Violation[] }).cspViolations = [];
    });
    return [...seen, ...fromConsole];
  };
}

test('the pairing screen, the selling screen and every back-office screen obey the CSP', async ({
  page,
  request,
}) => {
  const violations = await watchCsp(page);

  const till = new TillPage(page);
  await till.open();
  await expect(page.getByRole('heading', { name: 'Vincular esta caja' })).toBeVisible();
  expect(await violations()).toEqual([]);

  await till.pair(await issuePairingCode(request), 'Caja CSP');
  await till.addAmount('2500');
  await till.saveWithEnter(pesos(2500));
  await till.press('F7');
  expect(await violations()).toEqual([]);

  const office = new OfficePage(page);
  await office.signIn();
  for (const [, name] of SCREENS) await office.open(name);
  expect(await violations()).toEqual([]);

  // The control: what the policy forbids is seen, so the empty lists above mean something.
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true';
    document.head.append(script);
  });
  await expect.poll(async () => (await violations()).length).toBeGreaterThan(0);
});
