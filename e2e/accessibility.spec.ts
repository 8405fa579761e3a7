import { expect, type Page, test } from '@playwright/test';
import { expectAccessible } from './check-accessibility.ts';
import { admin, appUrl, createJob, openDevice, signIn } from './devices.ts';

// axe on every screen at 768 and 1280 px, light and dark: no serious or critical
// violations and no control under 44 px. Reports land in artifacts/a11y/.
const WIDTHS = [768, 1280] as const;

for (const colorScheme of ['light', 'dark'] as const) {
  test(`every screen passes axe, ${colorScheme}`, async () => {
    test.setTimeout(180_000);
    const device = await openDevice({ colorScheme, width: 1280 });
    const { page, context } = device;
    const check = async (screen: string) => {
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        await expectAccessible(page, `${screen}-${width}-${colorScheme}`);
      }
    };
    try {
      await page.goto(appUrl());
      await expect(page.getByRole('heading', { name: 'fabdesk' })).toBeVisible();
      await check('sign-in');

      // The empty board: this device's job pulls answer "nothing yet", whatever other
      // tests left on the server.
      const emptyPull = '**/sync/jobs/pull**';
      await context.route(emptyPull, (route) =>
        route.fulfill({ json: { documents: [], checkpoint: null } }),
      );
      await signIn(page, admin(), `a11y ${colorScheme}`);
      await expect(page.getByRole('heading', { name: 'No jobs yet' })).toBeVisible();
      await check('job-board-empty');
      await context.unroute(emptyPull);

      await page.getByRole('link', { name: 'New job' }).first().click();
      await expect(page.getByLabel('Job name')).toBeVisible();
      await check('new-job');

      await createJob(page, `Accessible job (${colorScheme})`);
      await page.getByRole('button', { name: 'Take job' }).click();
      await expect(page.getByTestId('lock-status')).toHaveText(/You hold this job/);
      await check('job-detail');

      await page.getByRole('link', { name: 'Jobs', exact: true }).click();
      await expect(page.locator('.job-card').first()).toBeVisible();
      await check('job-board');

      await page.getByRole('link', { name: 'Inventory' }).click();
      await page.getByRole('tab', { name: /Pens/ }).click();
      await addPen(page, `Axe pen ${colorScheme} ${Date.now()}`);
      await page.getByRole('button', { name: 'Add pen' }).click();
      await page.getByLabel('Width (mm)').fill('0');
      await page.getByRole('button', { name: 'Add pen' }).click();
      await expect(page.getByText('Width must be more than 0 mm')).toBeVisible();
      await check('inventory');

      await page.getByRole('link', { name: 'Staff' }).click();
      await expect(page.getByTestId('staff-list')).toBeVisible();
      await check('staff');

      // The conflict review (its entries are checked with a real loser in conflicts.spec.ts).
      await page.goto(`${appUrl()}/conflicts`);
      await expect(page.getByRole('heading', { name: 'Conflicts', level: 1 })).toBeVisible();
      await check('conflicts');

      await page.getByRole('link', { name: 'Settings' }).click();
      await expect(page.getByTestId('device-name')).toBeVisible();
      await check('settings');
    } finally {
      await device.close();
    }
  });
}

async function addPen(page: Page, name: string) {
  await page.getByRole('button', { name: 'Add pen' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Colour').fill('#2244aa');
  await page.getByLabel('Width (mm)').fill('0.5');
  await page.getByRole('button', { name: 'Add pen' }).click();
  await expect(page.getByRole('rowheader', { name })).toBeVisible();
}
