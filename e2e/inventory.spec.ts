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

// Two devices add a pen of the same name while apart: the second to reach the server is
// refused by its unique index, and that device says so instead of keeping a phantom pen.
test('a pen name taken on another device while offline comes back as "not saved"', async () => {
  const a = await openDevice({ width: 1280 });
  const b = await openDevice({ width: 1280 });
  const name = `Twin pen ${Date.now()}`;
  try {
    for (const [device, label] of [
      [a, 'inventory twin A'],
      [b, 'inventory twin B'],
    ] as const) {
      await signIn(device.page, staff(), label);
      await device.page.getByRole('link', { name: 'Inventory' }).click();
      await device.page.getByRole('tab', { name: /Pens/ }).click();
      await device.context.setOffline(true);
      await device.page.getByRole('button', { name: 'Add pen' }).click();
      await device.page.getByLabel('Name').fill(name);
      await device.page.getByRole('button', { name: 'Add pen' }).click();
      await expect(device.page.getByRole('rowheader', { name })).toBeVisible();
    }
    await a.context.setOffline(false);
    await expect(a.page.getByTestId('sync-pending')).toHaveText('All changes sent', {
      timeout: 15_000,
    });
    await b.context.setOffline(false);
    // A most likely reached the server first; whichever lost shows the refusal, once.
    const notices = [a, b].map((d) => d.page.getByTestId('inventory-refusals'));
    await expect
      .poll(async () => (await notices[0]!.count()) + (await notices[1]!.count()), {
        timeout: 15_000,
      })
      .toBe(1);
    const shown = (await notices[0]!.count()) === 1 ? notices[0]! : notices[1]!;
    await expect(shown).toContainText(
      `“${name}” was not saved: another pen is already called “${name}”`,
    );
    // Both devices end with the one pen the server has.
    for (const device of [a, b])
      await expect(device.page.getByRole('rowheader', { name })).toHaveCount(1);
  } finally {
    await a.close();
    await b.close();
  }
});
