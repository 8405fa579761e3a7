import { expect, test } from '@playwright/test';
import { corpusSvg, openPlotConsole, passPreflight } from './plot-job.ts';
import { adminDevice } from './signed-in-devices.ts';

// A plot on the virtual plotter interrupted by a page reload at the first pen swap (the
// board has run the first layer, so its checkpoints are stored): the console offers to
// resume from the last pen-up; the new virtual plotter has lost power, so the user is
// asked to home the carriage and confirm; the plot then runs to the end.
//
// The last pen-up before the reload is the end of the first layer, so the resumed plan
// starts with the pen swap for the second: the job is PLOTTING only from the confirmation
// to that pause, a few hundred milliseconds, and the pill may never show it (the pause's
// write can land before the page renders the first). Waiting for PLOTTING on the pill
// failed about one run in two; the job's record (its Plot events) is checked instead.

const a = adminDevice('plot desk');

test('reload mid-plot on the virtual plotter, resume from the last pen-up, complete', async () => {
  test.setTimeout(180_000);
  const { page } = a;
  await openPlotConsole(page, 'Resume rehearsal', {
    name: 'multilayer-resume.svg',
    svg: corpusSvg('misc__multilayer.svg', 'plot resume e2e'),
  });

  const connectVirtual = async () => {
    await page.getByLabel('Firmware').selectOption('2.8.1');
    await page.getByLabel('Speed-up (×)').fill('5');
    await page.getByRole('button', { name: 'Connect virtual plotter' }).click();
    await expect(page.getByTestId('plot-connection')).toHaveText(
      'Virtual plotter (firmware 2.8.1, 5× speed)',
    );
  };
  await connectVirtual();
  await passPreflight(page);
  await page.getByRole('button', { name: 'Arm plotter' }).click();
  await expect(page.getByTestId('job-state')).toHaveText('ARMED');
  await page.getByRole('button', { name: 'Start plot' }).click();
  await expect(page.getByTestId('job-state')).toHaveText('PLOTTING');
  const swap = page.getByTestId('pen-swap');
  await expect(swap).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('job-state')).toHaveText('PAUSED');

  // The page goes away mid-plot (the "leave this page?" prompt is accepted).
  page.once('dialog', (d) => void d.accept());
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Plot: Resume rehearsal' })).toBeVisible();
  const resume = page.getByRole('button', {
    name: /^Resume from the last pen-up \(layer 1, path \d+\)$/,
  });
  await expect(resume).toBeVisible({ timeout: 20_000 });
  await expect(
    page.getByRole('button', { name: 'Mark the interrupted plot as failed' }),
  ).toBeVisible();
  await expect(resume).toBeDisabled();
  // Every stroke of the first layer was drawn before its pen swap, so its last pen-up is
  // the checkpoint: the path number is the layer's path count (the estimate's first row).
  const firstLayerPaths = await page
    .getByTestId('plot-stats-estimate')
    .locator('tbody tr')
    .first()
    .locator('td')
    .nth(3)
    .textContent();
  await expect(resume).toHaveAccessibleName(
    `Resume from the last pen-up (layer 1, path ${firstLayerPaths})`,
  );
  await connectVirtual();
  await resume.click();

  // A new virtual plotter has no position: the user homes the carriage and confirms.
  const home = page.getByTestId('confirm-home');
  await expect(home).toContainText(
    'Move the carriage to home (top-left) with the motors off, then confirm',
  );
  await home.getByRole('button', { name: 'The carriage is home, continue' }).click();
  // The plot runs again: the next layer's pen prompt comes again, then the last one, then
  // the end.
  for (let i = 0; i < 2; i++) {
    await expect(swap).toBeVisible({ timeout: 30_000 });
    await swap.getByRole('button', { name: 'Pen changed, continue' }).click();
  }
  await expect(page.getByTestId('plot-phase')).toHaveText('Plot complete.', { timeout: 30_000 });
  await expect(page.getByTestId('job-state')).toHaveText('COMPLETED');
  await expect(page.getByTestId('plot-stats-actual')).toContainText('Layers3 of 3');
  await page.getByRole('link', { name: 'Back to the job' }).click();
  // The record, oldest first: the resume after the reload moved the job back to PLOTTING
  // (its PlotResumed), and each pen swap paused and resumed it once.
  const steps =
    /(armed the plotter|started the plot|paused the plot for a pen change|paused the plot|resumed the plot|completed the plot|aborted the plot|reported a failed plot)/;
  await expect
    .poll(async () =>
      (await page.getByTestId('timeline').getByRole('listitem').allTextContents())
        .map((item) => steps.exec(item)?.[1])
        .filter((step) => step !== undefined)
        .reverse(),
    )
    .toEqual([
      'armed the plotter',
      'started the plot',
      'paused the plot for a pen change',
      'resumed the plot',
      'paused the plot for a pen change',
      'resumed the plot',
      'paused the plot for a pen change',
      'resumed the plot',
      'completed the plot',
    ]);
});
