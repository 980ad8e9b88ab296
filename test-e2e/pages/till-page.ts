// Page object of the till: what a cashier sees and does, located by role and accessible name.
// The app speaks Spanish by default (the relay's LOCALE is es-CO), so names are Spanish.
import { expect, type Locator, type Page } from '@playwright/test';

export class TillPage {
  readonly total: Locator;
  readonly entry: Locator;
  readonly lastBill: Locator;
  readonly statusBar: Locator;
  readonly alert: Locator;

  constructor(readonly page: Page) {
    this.total = page.getByRole('status', { name: 'Total', exact: true });
    this.entry = page.getByRole('status', { name: 'Valor', exact: true });
    this.lastBill = page.getByRole('status', { name: 'Última factura' });
    this.statusBar = page.getByRole('status', { name: 'Estado de la caja' });
    this.alert = page.getByRole('alert');
  }

  async open(): Promise<void> {
    await this.page.goto('/');
  }

  /** Pairs through the pairing screen; the relay address defaults to this origin. */
  async pair(code: string, tillName: string): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Vincular esta caja' })).toBeVisible();
    await this.page.getByLabel('Código de vinculación').fill(code);
    await this.page.getByLabel('Nombre de la caja').fill(tillName);
    await this.page.getByRole('button', { name: 'Vincular' }).click();
    await expect(this.total).toBeVisible();
  }

  /** Types keys one by one, as a cashier on a numeric keypad would. */
  async press(...keys: string[]): Promise<void> {
    for (const key of keys) await this.page.keyboard.press(key);
  }

  /** Types an amount and adds it as a line with Enter. */
  async addAmount(amount: string): Promise<void> {
    await this.press(...amount.split(''), 'Enter');
  }

  async expectTotal(text: string): Promise<void> {
    await expect(this.total).toHaveText(text);
  }

  /** Saves the bill with Enter on an empty entry; the "last bill" region confirms it. */
  async saveWithEnter(expectedTotal: string): Promise<void> {
    await this.press('Enter');
    await expect(this.lastBill).toContainText(expectedTotal);
    await this.expectTotal('$ 0');
  }

  async openToday(): Promise<void> {
    await this.page.getByRole('button', { name: /^Hoy/ }).click();
    await expect(this.page.getByRole('heading', { name: 'Esta caja hoy' })).toBeVisible();
  }

  async openSell(): Promise<void> {
    await this.page.getByRole('button', { name: 'Vender' }).click();
    await expect(this.total).toBeVisible();
  }

  /** Ids of the bills listed on the Today view (newest first). */
  async billIds(): Promise<string[]> {
    const rows = this.page.locator('tbody tr[data-bill-id]');
    return rows.evaluateAll((elements) =>
      elements.map((element) => element.getAttribute('data-bill-id') ?? ''),
    );
  }

  /** Selects a bill on the Today view (its number is a button). */
  async openBill(id: string): Promise<void> {
    await this.page.locator(`tr[data-bill-id="${id}"]`).getByRole('button').click();
    await expect(this.page.getByRole('button', { name: 'Imprimir', exact: true })).toBeVisible();
  }

  whereOf(id: string): Locator {
    return this.page.locator(`tr[data-bill-id="${id}"] td`).last();
  }

  tillTotal(): Locator {
    return this.page.getByTestId('till-total');
  }

  shopTotal(): Locator {
    return this.page.getByTestId('shop-total');
  }

  /** Resolves once the service worker is active and controls the page: the shell is cached. */
  async waitForOfflineReady(): Promise<void> {
    await this.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // clients.claim() hands the page to the worker a moment after activation.
    await expect
      .poll(() => this.page.evaluate(() => navigator.serviceWorker.controller !== null))
      .toBe(true);
  }
}

/** Formats like the till does for es-CO pesos ("$ 12.500", with a no-break space). */
export function pesos(amount: number): string {
  return new Intl.NumberFormat('es-CO', {
    style: 'currency',
    currency: 'COP',
    maximumFractionDigits: 0,
    minimumFractionDigits: 0,
  }).format(amount);
}
