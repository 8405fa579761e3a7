import { expect, type Locator, test } from '@playwright/test';
import { corpusSvg, openPlotConsole, passPreflight } from './plot-job.ts';
import { adminAndStaffDevices } from './signed-in-devices.ts';

// A plotter's own speeds: the console refuses a pen-down speed the AxiDraw cannot do (and
// saves nothing), plans the job again for a slower one (the estimate grows), saves it to
// the plotter (a second device shows it), and the plot on the virtual plotter completes
// with that plan's estimate in its figures.

const { a, b } = adminAndStaffDevices({ a: 'plot desk', b: 'office tablet' });

/** "1:08" or "1:02:05" in seconds. */
async function seconds(cell: Locator): Promise<number> {
  const text = (await cell.textContent()) ?? '';
  expect(text).toMatch(/^\d+(:\d\d){1,2}$/);
  return text.split(':').reduce((s, part) => s * 60 + Number(part), 0);
}

test('a slower pen-down speed: refused when impossible, replanned, saved, plotted', async () => {
  test.setTimeout(180_000);
  const { page } = a;
  await openPlotConsole(page, 'Slow circles', {
    name: 'circles-speeds.svg',
    svg: corpusSvg('misc__few_circles.svg', 'plotter speeds e2e'),
  });
  const plotUrl = page.url();

  // The stock limits: the job's own plan, as the server's simulation estimated it.
  const speed = page.getByLabel('Pen-down speed (mm/s)');
  await expect(speed).toHaveValue('50');
  const planTime = page.getByTestId('plot-plan-time');
  await expect(planTime).toHaveText(/^\d+:\d\d$/, { timeout: 20_000 });
  const stockS = await seconds(planTime);
  expect(await seconds(page.getByTestId('plot-remaining'))).toBe(stockS);
  await expect(page.getByTestId('plot-replan')).toHaveCount(0);
  const save = page.getByRole('button', { name: /^(Save settings|Save as a new plotter)$/ });

  // Faster than the EBB can step: refused beside the field, nothing saved, plan unchanged.
  await speed.fill('500');
  await expect(page.getByText('Pen-down speed must be at most 210 mm/s')).toBeVisible();
  await expect(speed).toHaveAttribute('aria-invalid', 'true');
  await save.click();
  await expect(
    page.getByText('Nothing was saved: correct the marked settings first.'),
  ).toBeVisible();
  expect(await seconds(planTime)).toBe(stockS);

  // 20 mm/s: planned again on the device, the estimate grows.
  await speed.fill('20');
  await expect(speed).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('plot-replan')).toContainText('Planned on this device', {
    timeout: 20_000,
  });
  const slowS = await seconds(planTime);
  expect(slowS).toBeGreaterThan(stockS * 1.4);
  expect(await seconds(page.getByTestId('plot-remaining'))).toBe(slowS);
  await save.click();
  await expect(page.getByText('Settings saved for this plotter.')).toBeVisible();

  // The saved speed reaches another device, which plans the same.
  await b.page.goto(plotUrl);
  await expect(b.page.getByLabel('Pen-down speed (mm/s)')).toHaveValue('20', { timeout: 20_000 });
  await expect(b.page.getByTestId('plot-plan-time')).toHaveText(
    (await planTime.textContent()) ?? '',
    { timeout: 20_000 },
  );

  // Plot it on the virtual plotter (20× time): it completes, with this plan's estimate.
  await page.getByLabel('Firmware').selectOption('3.0.3');
  await page.getByLabel('Speed-up (×)').fill('20');
  await page.getByRole('button', { name: 'Connect virtual plotter' }).click();
  await expect(page.getByTestId('plot-connection')).toHaveText(
    'Virtual plotter (firmware 3.0.3, 20× speed)',
  );
  await passPreflight(page);
  await page.getByRole('button', { name: 'Arm plotter' }).click();
  await expect(page.getByTestId('job-state')).toHaveText('ARMED');
  await page.getByRole('button', { name: 'Start plot' }).click();
  await expect(page.getByTestId('job-state')).toHaveText('PLOTTING');
  // The speed fields are locked while the plot runs.
  await expect(speed).toBeDisabled();
  await expect(page.getByTestId('plot-phase')).toHaveText('Plot complete.', { timeout: 60_000 });
  await expect(page.getByTestId('job-state')).toHaveText('COMPLETED');
  await expect(page.getByTestId('plot-stats-actual')).toContainText(
    `(estimate ${await planTime.textContent()})`,
  );

  // Back to the stock speed, so later plots on this shared plotter are as before.
  await speed.fill('50');
  await expect(page.getByTestId('plot-replan')).toHaveCount(0);
  await save.click();
  await expect(page.getByText('Settings saved for this plotter.')).toBeVisible();
});
