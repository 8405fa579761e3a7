import { expect, test } from '@playwright/test';
import { corpusSvg, openPlotConsole, passPreflight } from './plot-job.ts';
import { adminAndStaffDevices } from './signed-in-devices.ts';

// The tablet next to the plotter has no network: the whole plot (arm, start, pen swaps,
// completion) happens offline, and its record reaches the server and a second device once
// the tablet is back online — the job's state as one change the server accepts, the events
// and the statistics.

const { a, b } = adminAndStaffDevices({ a: 'plotter tablet', b: 'office' });

test('a plot done entirely offline reaches the server and another device as COMPLETED', async () => {
  test.setTimeout(180_000);
  const { page, context } = a;
  const name = `Offline plot ${Date.now()}`;
  const jobUrl = await openPlotConsole(page, name, {
    name: 'offline-plot.svg',
    svg: corpusSvg('misc__multilayer.svg', 'offline plot e2e'),
  });
  // The plan blob is cached on the device when the console opens it; then the network goes.
  await expect(page.getByTestId('sync-status')).toContainText('All changes sent', {
    timeout: 15_000,
  });
  await page.getByLabel('Speed-up (×)').fill('20');
  await page.getByRole('button', { name: 'Connect virtual plotter' }).click();
  await expect(page.getByTestId('plot-connection')).toContainText('Virtual plotter');
  await context.setOffline(true);
  await expect(page.getByTestId('sync-online')).toHaveText('Offline', { timeout: 15_000 });

  await passPreflight(page);
  await page.getByRole('button', { name: 'Arm plotter' }).click();
  await expect(page.getByTestId('job-state')).toHaveText('ARMED');
  await page.getByRole('button', { name: 'Start plot' }).click();
  const swap = page.getByTestId('pen-swap');
  for (let i = 0; i < 2; i++) {
    await expect(swap).toBeVisible({ timeout: 60_000 });
    await swap.getByRole('button', { name: 'Pen changed, continue' }).click();
  }
  await expect(page.getByTestId('plot-phase')).toHaveText('Plot complete.', { timeout: 60_000 });
  await expect(page.getByTestId('job-state')).toHaveText('COMPLETED');

  // Nothing has reached the other device yet.
  await b.page.goto(jobUrl);
  await expect(b.page.getByTestId('job-state')).toHaveText('READY', { timeout: 20_000 });

  await context.setOffline(false);
  await expect(b.page.getByTestId('job-state')).toHaveText('COMPLETED', { timeout: 30_000 });
  const history = b.page.getByTestId('timeline');
  // The steps taken offline arrive as one change the server accepts (without the plot
  // states in between being sent first, it refused that jump and the job stayed behind).
  await expect(history).toContainText(/moved the job from (READY|ARMED) to COMPLETED/, {
    timeout: 20_000,
  });
  for (const what of [
    'armed the plotter',
    'started the plot',
    'paused the plot for a pen change',
    'completed the plot',
  ])
    await expect(history).toContainText(what, { timeout: 20_000 });
  await expect(b.page.getByTestId('plot-stats-actual')).toContainText('Plot — completed', {
    timeout: 20_000,
  });
  // The tablet kept its own version: no lost fields, no conflict.
  await expect(page.getByTestId('job-state')).toHaveText('COMPLETED');
});
