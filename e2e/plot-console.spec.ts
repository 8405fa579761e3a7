import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { expectAccessible } from './check-accessibility.ts';
import { corpusSvg, openPlotConsole } from './plot-job.ts';
import { adminAndStaffDevices } from './signed-in-devices.ts';

// The plot console with the built-in virtual plotter (nothing injected): a two-pen job
// uploaded through New job, approved, armed after the pre-flight checks, plotted with pen
// swaps, a pause and a resume; the record (events, statistics) reaches a second device.
const shots = join(import.meta.dirname, '../artifacts/screenshots');

const { a, b } = adminAndStaffDevices({ a: 'plot desk', b: 'office tablet' });

async function shoot(page: Page, screen: string) {
  mkdirSync(shots, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const)
    for (const width of [768, 1280]) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({
        path: join(shots, `${screen}-${width}-${colorScheme}.png`),
        fullPage: true,
      });
    }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('plot a two-pen job on the virtual plotter; events and figures reach a second device', async () => {
  test.setTimeout(180_000);
  const { page } = a;
  const jobUrl = await openPlotConsole(page, 'Plot rehearsal', {
    name: 'multilayer-plot.svg',
    svg: corpusSvg('misc__multilayer.svg', 'plot console e2e'),
  });

  // Connect the virtual plotter at 5× and calibrate the pen. Firmware 2.8.1 has a one-deep
  // queue, so "Pause now" stops within one move (on 3.x it waits for up to 32 queued moves,
  // which can be the rest of this small drawing's layer).
  await page.getByLabel('Firmware').selectOption('2.8.1');
  await page.getByLabel('Speed-up (×)').fill('5');
  await page.getByRole('button', { name: 'Connect virtual plotter' }).click();
  await expect(page.getByTestId('plot-connection')).toHaveText(
    'Virtual plotter (firmware 2.8.1, 5× speed)',
  );
  await page.getByLabel('Pen down height (%)').fill('25');
  await page.getByRole('button', { name: 'Lower pen' }).click();
  await expect(page.getByTestId('pen-state')).toHaveText('Pen is down.');
  await page.getByRole('button', { name: 'Raise pen' }).click();
  await expect(page.getByTestId('pen-state')).toHaveText('Pen is up.');
  await page.getByRole('button', { name: 'Save as a new plotter' }).click();
  await expect(page.getByText('Settings saved for this plotter.')).toBeVisible();

  // Pre-flight: arming waits for all three checks.
  const arm = page.getByRole('button', { name: 'Arm plotter' });
  await expect(arm).toBeDisabled();
  await page.getByLabel('Paper loaded and taped down').check();
  await page.getByLabel('Pen fitted for the first layer').check();
  await expect(arm).toBeDisabled();
  await page.getByLabel('Carriage at home (top left, pen up)').check();
  await arm.click();
  await expect(page.getByTestId('job-state')).toHaveText('ARMED');
  await shoot(page, 'plot-console-armed');
  await expectAccessible(page, 'plot-console-armed');

  await page.getByRole('button', { name: 'Start plot' }).click();
  await expect(page.getByTestId('job-state')).toHaveText('PLOTTING');
  await expect(page.getByTestId('plot-phase')).toHaveText('Plotting…');
  // The pen moves across the sheet on the canvas.
  await expect(page.getByTestId('plot-pen')).not.toHaveAttribute('data-x-mm', '0.0');

  // First layer done: the board waits for the next pen.
  const swap = page.getByTestId('pen-swap');
  await expect(swap).toContainText(/Change the pen for layer .+: fit .+, then continue/, {
    timeout: 30_000,
  });
  await expect(page.getByTestId('job-state')).toHaveText('PAUSED');
  await shoot(page, 'plot-console-pen-swap');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page, 'plot-console-pen-swap-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await swap.getByRole('button', { name: 'Pen changed, continue' }).click();
  await expect(page.getByTestId('job-state')).toHaveText('PLOTTING');

  await page.getByRole('button', { name: 'Pause now' }).click();
  await expect(page.getByTestId('plot-phase')).toHaveText('Paused. The pen is up.');
  await expect(page.getByTestId('job-state')).toHaveText('PAUSED');
  const elapsed = await page.getByTestId('plot-elapsed').textContent();
  await page.waitForTimeout(1500);
  // Paused time is not plot time.
  await expect(page.getByTestId('plot-elapsed')).toHaveText(elapsed ?? '');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('job-state')).toHaveText('PLOTTING');

  // The drawing has three pens: one more swap, then the end.
  await expect(swap).toBeVisible({ timeout: 30_000 });
  await swap.getByRole('button', { name: 'Pen changed, continue' }).click();
  await expect(page.getByTestId('plot-phase')).toHaveText('Plot complete.', { timeout: 30_000 });
  await expect(page.getByTestId('job-state')).toHaveText('COMPLETED');
  await expect(page.getByTestId('plot-remaining')).toHaveText('0:00');
  await expect(page.getByTestId('plot-stats-actual')).toContainText('Pen changes2');
  await shoot(page, 'plot-console-complete');

  // The second device sees the plot's record once it has synced.
  await b.page.goto(jobUrl);
  await expect(b.page.getByTestId('job-state')).toHaveText('COMPLETED', { timeout: 20_000 });
  const history = b.page.getByTestId('timeline');
  for (const what of [
    'armed the plotter',
    'started the plot',
    'paused the plot for a pen change',
    'paused the plot',
    'resumed the plot',
    'completed the plot',
  ])
    await expect(history).toContainText(what, { timeout: 20_000 });
  const stats = b.page.getByTestId('plot-stats-actual');
  await expect(stats).toContainText('Plot — completed', { timeout: 20_000 });
  await expect(stats).toContainText('Layers3 of 3');
  await expect(stats).toContainText(/\(estimate \d+:\d\d\)/);
});
