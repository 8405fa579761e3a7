import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { admin, appUrl, createJob, openDevice, signIn } from './devices.ts';

// Every screen at 768 and 1280 px, light and dark, for people to look at
// (artifacts/screenshots/, git-ignored). Fails if a screen does not render.
const out = join(import.meta.dirname, '../artifacts/screenshots');

for (const colorScheme of ['light', 'dark'] as const) {
  test(`screenshots of every screen, ${colorScheme}`, async () => {
    mkdirSync(out, { recursive: true });
    const device = await openDevice({ colorScheme, width: 1280 });
    const { page } = device;
    const shoot = async (screen: string) => {
      for (const width of [768, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({
          path: join(out, `${screen}-${width}-${colorScheme}.png`),
          fullPage: true,
        });
      }
    };
    try {
      await page.goto(appUrl());
      await expect(page.getByRole('heading', { name: 'fabdesk' })).toBeVisible();
      await shoot('sign-in');
      // An admin, so the Staff screen is there too.
      await signIn(page, admin(), `screenshots ${colorScheme}`);
      await page.getByRole('link', { name: 'New job' }).first().click();
      await expect(page.getByLabel('Job name')).toBeVisible();
      await shoot('new-job');
      await createJob(page, `Screenshot job (${colorScheme})`);
      await page.getByRole('button', { name: 'Take job' }).click();
      await expect(page.getByTestId('lock-status')).toHaveText(/You hold this job/);
      await shoot('job-detail');
      await page.getByRole('link', { name: 'Jobs', exact: true }).click();
      await expect(page.getByRole('heading', { name: 'Job board' })).toBeVisible();
      await shoot('job-board');
      await page.getByRole('link', { name: 'Inventory' }).click();
      await page.getByRole('tab', { name: /Pens/ }).click();
      await page.getByRole('button', { name: 'Add pen' }).click();
      await page.getByLabel('Name').fill(`Screenshot pen ${colorScheme} ${Date.now()}`);
      await page.getByLabel('Colour').fill('#c2410c');
      await page.getByLabel('Width (mm)').fill('0.5');
      await page.getByRole('button', { name: 'Add pen' }).click();
      await expect(page.getByText(/^Saved “Screenshot pen/)).toBeVisible();
      await shoot('inventory');
      await page.getByRole('button', { name: 'Add pen' }).click();
      await page.getByLabel('Width (mm)').fill('0');
      await page.getByLabel('Colour').fill('orange');
      await page.getByRole('button', { name: 'Add pen' }).click();
      await expect(page.getByText('Width must be more than 0 mm')).toBeVisible();
      await shoot('inventory-errors');
      await page.getByRole('link', { name: 'Staff' }).click();
      await expect(page.getByTestId('staff-list')).toBeVisible();
      await shoot('staff');
      await page.getByRole('link', { name: 'Settings' }).click();
      await expect(page.getByTestId('device-name')).toHaveText(`screenshots ${colorScheme}`);
      await shoot('settings');
    } finally {
      await device.close();
    }
  });
}
