// Every screen at the five sizes a shop uses, from a phone to a landscape tablet: every control
// reachable (scrolling down at most, never sideways) and at least 44 × 44 CSS px, and a sale
// made by touch alone.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { pesos, TillPage } from '../pages/till-page.js';
import { issuePairingCode } from '../support/relay-api.js';

test.use({ hasTouch: true });

const SIZES = [
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
  { width: 800, height: 1280 },
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
];

/** Buttons and fields that are rendered, with their size, and whether the page scrolls sideways. */
async function controls(page: Page) {
  return page.evaluate(() => {
    const found = [...document.querySelectorAll<HTMLElement>('button, input, [role="button"]')]
      .filter((element) => element.offsetParent !== null && !element.closest('.print-area'))
      .map((element) => {
        const box = element.getBoundingClientRect();
        return {
          name: (element.getAttribute('aria-label') ?? element.textContent ?? '').trim(),
          width: box.width,
          height: box.height,
          right: box.right + window.scrollX,
        };
      });
    // For the failure message: whatever sticks out on the right.
    const wider = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 0.5)
      .slice(0, 5)
      .map((element) => `${element.tagName}.${element.className}`);
    return {
      found,
      wider,
      pageWidth: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    };
  });
}

async function expectUsable(page: Page, screen: string) {
  const { found, wider, pageWidth, viewport } = await controls(page);
  expect(found.length, `${screen}: controls found`).toBeGreaterThan(3);
  expect(pageWidth, `${screen}: no sideways scrolling (${wider.join(', ')})`).toBeLessThanOrEqual(
    viewport,
  );
  for (const control of found) {
    expect(control.right, `${screen}: "${control.name}" within the width`).toBeLessThanOrEqual(
      viewport + 0.5,
    );
    expect(control.width, `${screen}: "${control.name}" width`).toBeGreaterThanOrEqual(44);
    expect(control.height, `${screen}: "${control.name}" height`).toBeGreaterThanOrEqual(44);
  }
}

/**
 * Whichever place the bill is in (the longest label too), its label stays within the list's own
 * box, which clips what runs past it, and within the screen.
 */
async function expectLabelsWithinList(where: Locator) {
  await expect(where).toBeVisible();
  for (const label of ['En esta caja', 'En el relay', 'En la nube', 'Rechazada']) {
    const overflow = await where.evaluate((element, text) => {
      const shown = element.textContent;
      element.textContent = text;
      const list = element.closest('table')!.parentElement!.getBoundingClientRect();
      const right = element.getBoundingClientRect().right;
      element.textContent = shown;
      return right - Math.min(list.right, window.innerWidth);
    }, label);
    expect(overflow, `"${label}" runs past the list by`).toBeLessThanOrEqual(0);
  }
}

for (const size of SIZES) {
  test(`every control reachable and at least 44 px at ${size.width}×${size.height}`, async ({
    page,
    request,
  }) => {
    await page.setViewportSize(size);
    const till = new TillPage(page);
    await till.open();
    await expect(page.getByRole('heading', { name: 'Vincular esta caja' })).toBeVisible();
    await expectUsable(page, 'pairing');
    await till.pair(await issuePairingCode(request), `Caja ${size.width}`);

    // A sale by touch alone: keypad digits, Enter, Cash, then the amount handed over.
    for (const key of ['2', '5', '0', '0']) {
      await page
        .getByRole('group', { name: 'Teclado' })
        .getByRole('button', { name: key, exact: true })
        .tap();
    }
    await page.getByRole('button', { name: /^Enter/ }).tap();
    await till.expectTotal(pesos(2500));
    await expectUsable(page, 'selling');
    await page.getByRole('button', { name: /^Efectivo/ }).tap();
    await expect(page.getByTestId('paying')).toBeVisible();
    await page
      .getByRole('group', { name: 'Teclado' })
      .getByRole('button', { name: '5', exact: true })
      .tap();
    await page
      .getByRole('group', { name: 'Teclado' })
      .getByRole('button', { name: '000', exact: true })
      .tap();
    await expect(page.getByTestId('change-preview')).toContainText(pesos(2500));
    await page.getByRole('button', { name: /^Enter/ }).tap();
    await expect(till.lastBill).toContainText(`Cambio ${pesos(2500)}`);

    await page.getByRole('button', { name: /^Hoy/ }).tap();
    await expect(page.getByRole('heading', { name: 'Esta caja hoy' })).toBeVisible();
    // Where the bill is (sent or not) is what a cashier checks: in view, not scrolled off.
    await expectLabelsWithinList(page.locator('tbody tr[data-bill-id]').first().locator('.where'));
    // Which till made the bill shows at every size: its column, or under the time on a phone.
    await expect(
      page
        .locator('tbody tr[data-bill-id]')
        .first()
        .getByText(`Caja ${size.width}`, { exact: true })
        .filter({ visible: true }),
    ).toHaveCount(1);
    await page.locator('tbody tr[data-bill-id]').first().getByRole('button').tap();
    await expect(page.getByRole('button', { name: /^Modificar/ })).toBeVisible();
    await expectUsable(page, 'today');
    // A credit note's row carries a tag beside its number: the widest row there is.
    await page.getByRole('button', { name: /^Devolver/ }).tap();
    await page
      .getByRole('alertdialog')
      .getByRole('button', { name: 'Guardar la nota crédito' })
      .tap();
    await expect(page.locator('tbody tr[data-bill-id]')).toHaveCount(2);
    await expectLabelsWithinList(page.locator('tbody tr[data-bill-id]').first().locator('.where'));
    await expectUsable(page, 'today, with a credit note');
  });
}
