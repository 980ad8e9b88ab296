// Page object of the back office (/office): the owner's screens, located by role and name. The
// tests switch it to English once signed in, so names are English.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { OWNER_PASSWORD } from '../support/env.js';

export const SCREENS = [
  ['now', 'Now'],
  ['close', 'Close the day'],
  ['reports', 'Reports'],
  ['exceptions', 'Exceptions'],
  ['catalog', 'Quick keys'],
  ['tills', 'Tills'],
  ['settings', 'Settings'],
] as const;
export type ScreenName = (typeof SCREENS)[number][1];

export class OfficePage {
  constructor(readonly page: Page) {}

  /** Opens /office and signs in (in Spanish, the default for es-CO), then switches to English. */
  async signIn(password = OWNER_PASSWORD): Promise<void> {
    await this.page.goto('/office');
    await this.page.getByLabel('Contraseña del dueño').fill(password);
    await this.page.getByRole('button', { name: 'Entrar' }).click();
    await expect(this.page.getByRole('navigation')).toBeVisible();
    await this.page.getByRole('button', { name: 'English' }).click();
    await expect(this.page.getByRole('link', { name: 'Now' })).toBeVisible();
  }

  async open(name: ScreenName): Promise<void> {
    await this.page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
    await expect(this.page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
  }

  /** axe-core's violations on the current screen (WCAG 2.1 A and AA rules). */
  async axeViolations() {
    const result = await new AxeBuilder({ page: this.page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    return result.violations.map((violation) => ({
      id: violation.id,
      nodes: violation.nodes.map((node) => node.target.join(' ')),
    }));
  }

  /**
   * Every visible control: smaller than 44 × 44 px, or not focusable (unreachable by keyboard).
   * Empty when all are fine.
   */
  async controlProblems(): Promise<string[]> {
    return this.page.evaluate(() => {
      const problems: string[] = [];
      const controls = document.querySelectorAll<HTMLElement>(
        'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])',
      );
      for (const control of controls) {
        const box = control.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        const name = `${control.tagName.toLowerCase()} "${(control.textContent ?? '').trim().slice(0, 30) || control.getAttribute('aria-label') || control.id}"`;
        if (box.width < 44 || box.height < 44) {
          problems.push(`${name} is ${Math.round(box.width)}×${Math.round(box.height)}`);
        }
        if (!(control as HTMLButtonElement).disabled) {
          control.focus();
          if (document.activeElement !== control) problems.push(`${name} cannot take focus`);
        }
      }
      return problems;
    });
  }
}
