import { expect, test } from '@playwright/test';

test('the relay serves the till app shell, which reaches the relay', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Caja' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Relay: reachable');
});
