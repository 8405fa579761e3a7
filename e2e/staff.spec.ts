import { expect, test } from '@playwright/test';
import { admin, appUrl, createJob, openDevice, signIn, staff } from './devices.ts';

// Staff management: an admin adds a member, who works on their own device; after the
// admin deactivates them, pickers no longer offer them but their history keeps the name.
test('an admin adds a staff member, deactivates them; they leave the pickers, not the history', async () => {
  const desk = await openDevice({ width: 1280 });
  const other = await openDevice({ width: 1280 });
  const name = `Hedy Helper ${Date.now()}`;
  const jobName = `Job by ${name}`;
  const password = 'frequency hopping 1942';
  try {
    await signIn(desk.page, admin(), 'staff e2e desk');
    const page = desk.page;
    await page.getByRole('link', { name: 'Staff' }).click();
    await expect(page.getByRole('heading', { name: 'Staff', level: 1 })).toBeVisible();

    // The server's field message lands beside the field.
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('First password').fill('short');
    await page.getByRole('button', { name: 'Add staff member' }).click();
    await expect(page.getByText('Password must be at least 10 characters long.')).toBeVisible();
    await expect(page.getByLabel('First password')).toHaveAttribute('aria-invalid', 'true');

    await page.getByLabel('First password').fill(password);
    await page.getByRole('button', { name: 'Add staff member' }).click();
    const row = page.getByTestId('staff-list').locator('tbody tr').filter({ hasText: name });
    await expect(row).toContainText('Active');

    // The new member signs in elsewhere and creates a job (its history names them).
    await signIn(other.page, { name, password }, 'staff e2e other');
    await createJob(other.page, jobName);

    const picker = page.getByTestId('staff-picker');
    await page.getByRole('link', { name: 'Jobs', exact: true }).click();
    await expect(picker.locator('option', { hasText: name })).toHaveCount(1);

    await page.getByRole('link', { name: 'Staff' }).click();
    await page.getByRole('button', { name: `Deactivate ${name}` }).click();
    await expect(row).toContainText('Deactivated');
    await expect(page.getByRole('button', { name: `Reactivate ${name}` })).toBeVisible();

    await page.getByRole('link', { name: 'Jobs', exact: true }).click();
    await expect(picker.locator('option', { hasText: 'Ada Admin' })).toHaveCount(1);
    await expect(picker.locator('option', { hasText: name })).toHaveCount(0);
    await page.getByRole('link', { name: jobName }).click();
    await expect(page.getByTestId('timeline')).toContainText(`${name} created the job`);
  } finally {
    await desk.close();
    await other.close();
  }
});

test('staff (not admins) do not see Staff in the menu and the page says who may', async () => {
  const device = await openDevice({ width: 1280 });
  try {
    await signIn(device.page, staff(), 'staff e2e plain');
    const nav = device.page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Inventory' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Staff' })).toHaveCount(0);
    await device.page.goto(`${appUrl()}/team`);
    await expect(device.page.getByText('Only admins manage staff.')).toBeVisible();
  } finally {
    await device.close();
  }
});
