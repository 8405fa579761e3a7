import { expect, test } from '@playwright/test';
import { openDevice, signIn, staff } from './devices.ts';

// Inventory through the browser: any staff member adds, edits and retires pens; wrong
// fields get plain messages beside them and nothing is written.
test('a pen with width 0 and a taken name shows both messages and nothing is created', async () => {
  const device = await openDevice({ width: 1280 });
  const { page } = device;
  const name = `Black fineliner ${Date.now()}`;
  try {
    await signIn(page, staff(), 'inventory e2e');
    await page.getByRole('link', { name: 'Inventory' }).click();
    await expect(page.getByRole('heading', { name: 'Inventory', level: 1 })).toBeVisible();
    await page.getByRole('tab', { name: /Pens/ }).click();
    const rows = page.getByTestId('inventory-pens').locator('tbody tr');

    await page.getByRole('button', { name: 'Add pen' }).click();
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Width (mm)').fill('0.3');
    await page.getByLabel('Colour').fill('#112233');
    await page.getByRole('button', { name: 'Add pen' }).click();
    await expect(rows.filter({ hasText: name })).toHaveCount(1);
    const before = await rows.count();

    await page.getByRole('button', { name: 'Add pen' }).click();
    await page.getByLabel('Name').fill(` ${name.toUpperCase()} `);
    await page.getByLabel('Width (mm)').fill('0');
    await page.getByLabel('Pressure (%)').fill('140');
    await page.getByRole('button', { name: 'Add pen' }).click();
    await expect(page.getByText('Width must be more than 0 mm')).toBeVisible();
    await expect(page.getByText(`Another pen is already called “${name}”`)).toBeVisible();
    await expect(page.getByText('Pressure must be at most 100%')).toBeVisible();
    // The message belongs to its input (screen readers read it with the field).
    await expect(page.getByLabel('Width (mm)')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Width (mm)')).toHaveAccessibleDescription(
      'Width must be more than 0 mm',
    );
    await expect(page.getByLabel('Name')).toBeFocused();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(rows).toHaveCount(before);

    // Nothing was written: after a reload the device still has one pen of that name.
    await page.reload();
    await page.getByRole('tab', { name: /Pens/ }).click();
    await expect(rows.filter({ hasText: name })).toHaveCount(1);
    await expect(rows).toHaveCount(before);

    // Retired pens leave the list until "Show retired" is on; the name is then free again.
    await page.getByRole('button', { name: `Retire ${name}` }).click();
    await expect(rows.filter({ hasText: name })).toHaveCount(0);
    await page.getByLabel('Show retired').check();
    await expect(rows.filter({ hasText: name })).toContainText('retired');
  } finally {
    await device.close();
  }
});
