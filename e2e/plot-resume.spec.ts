import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { admin, type Device, openDevice, signIn } from './devices.ts';

// A plot on the virtual plotter interrupted by a page reload at the first pen swap (the
// board has run the first layer, so its checkpoints are stored): the console offers to
// resume from the last pen-up; the new virtual plotter has lost power, so the user is
// asked to home the carriage and confirm; the plot then runs to the end.
const corpus = join(import.meta.dirname, '../../shared/corpus/svg');

let a: Device;
test.beforeAll(async () => {
  a = await openDevice();
  await signIn(a.page, admin(), 'plot desk');
});
test.afterAll(async () => {
  await a?.close();
});

test('reload mid-plot on the virtual plotter, resume from the last pen-up, complete', async () => {
  test.setTimeout(180_000);
  const { page } = a;
  const svg = readFileSync(join(corpus, 'misc__multilayer.svg'), 'utf8').replace(
    '</svg>',
    `<!-- plot resume e2e ${Date.now()} --></svg>`,
  );
  await page.getByRole('link', { name: 'New job' }).first().click();
  await page.getByLabel('Choose SVG files').setInputFiles({
    name: 'multilayer-resume.svg',
    mimeType: 'image/svg+xml',
    buffer: Buffer.from(svg),
  });
  await expect(page.getByTestId('picked-files')).toContainText(/\d+ layers/);
  await page.getByLabel('Job name (optional: the first file’s name)').fill('Resume rehearsal');
  await page.getByRole('button', { name: 'Create job', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Resume rehearsal' })).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByTestId('job-state')).toHaveText('OPTIMIZED', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Take job' }).click();
  await expect(page.getByTestId('lock-status')).toContainText('You hold this job');
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(page.getByTestId('job-state')).toHaveText('READY');
  await page.getByRole('link', { name: 'Plot', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Plot: Resume rehearsal' })).toBeVisible();

  const connectVirtual = async () => {
    await page.getByLabel('Firmware').selectOption('2.8.1');
    await page.getByLabel('Speed-up (×)').fill('5');
    await page.getByRole('button', { name: 'Connect virtual plotter' }).click();
    await expect(page.getByTestId('plot-connection')).toHaveText(
      'Virtual plotter (firmware 2.8.1, 5× speed)',
    );
  };
  await connectVirtual();
  await page.getByLabel('Paper loaded and taped down').check();
  await page.getByLabel('Pen fitted for the first layer').check();
  await page.getByLabel('Carriage at home (top left, pen up)').check();
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
  await connectVirtual();
  await resume.click();

  // A new virtual plotter has no position: the user homes the carriage and confirms.
  const home = page.getByTestId('confirm-home');
  await expect(home).toContainText(
    'Move the carriage to home (top-left) with the motors off, then confirm',
  );
  await home.getByRole('button', { name: 'The carriage is home, continue' }).click();
  await expect(page.getByTestId('job-state')).toHaveText('PLOTTING');
  // The next layer's pen prompt comes again, then the last one, then the end.
  for (let i = 0; i < 2; i++) {
    await expect(swap).toBeVisible({ timeout: 30_000 });
    await swap.getByRole('button', { name: 'Pen changed, continue' }).click();
  }
  await expect(page.getByTestId('plot-phase')).toHaveText('Plot complete.', { timeout: 30_000 });
  await expect(page.getByTestId('job-state')).toHaveText('COMPLETED');
  await expect(page.getByTestId('plot-stats-actual')).toContainText('Layers3 of 3');
  await page.getByRole('link', { name: 'Back to the job' }).click();
  const history = page.getByTestId('timeline');
  for (const what of ['paused the plot for a pen change', 'resumed the plot', 'completed the plot'])
    await expect(history).toContainText(what);
});
