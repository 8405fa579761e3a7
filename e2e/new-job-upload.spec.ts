import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { admin, type Device, openDevice, signIn } from './devices.ts';

// New job with real SVG files: checked on the device, kept in the outbox offline, uploaded
// to POST /jobs, converted by the server's runs, previewed from the plan blob.
const corpus = join(import.meta.dirname, '../../shared/corpus/svg');
const shots = join(import.meta.dirname, '../artifacts/screenshots');

let device: Device;
test.beforeAll(async () => {
  device = await openDevice();
  await signIn(device.page, admin(), 'upload desk');
});
test.afterAll(async () => {
  await device?.close();
});

/** A full-page screenshot at 768 and 1280 px, light and dark, for people to look at. */
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

async function openNewJob(page: Page) {
  await page.getByRole('link', { name: 'New job' }).first().click();
  await expect(page.getByRole('heading', { name: 'New job' })).toBeVisible();
}

/** How many canvas pixels are neither transparent nor the paper's near-white. */
async function inkedPixels(page: Page): Promise<number> {
  return page.getByTestId('drawing-preview').evaluate((canvas: HTMLCanvasElement) => {
    const ctx = canvas.getContext('2d');
    if (!ctx) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    for (let i = 0; i < data.length; i += 4)
      if (
        (data[i + 3] ?? 0) > 0 &&
        Math.min(data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0) < 200
      )
        inked++;
    return inked;
  });
}

test('an SVG from the corpus becomes a job that is converted, optimised and previewed', async () => {
  const { page } = device;
  await openNewJob(page);
  await page.getByLabel('Choose SVG files').setInputFiles(join(corpus, 'misc__multilayer.svg'));
  const picked = page.getByTestId('picked-files');
  await expect(picked).toContainText(/misc__multilayer\.svg\s*\d+ layers, \d+ strokes/);
  await page.getByLabel('Job name (optional: the first file’s name)').fill('Multilayer poster');
  await shoot(page, 'new-job-files');
  await page.getByRole('button', { name: 'Create job', exact: true }).click();

  await expect(page.getByRole('heading', { name: 'Multilayer poster' })).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByTestId('job-state')).toHaveText('OPTIMIZED', { timeout: 60_000 });
  const preview = page.getByTestId('drawing-preview');
  await expect(preview).toHaveAttribute('data-from', 'plan', { timeout: 20_000 });
  await expect(page.getByTestId('run-conversion').getByTestId('run-status')).toHaveText(
    'completed',
  );
  await expect.poll(() => inkedPixels(page)).toBeGreaterThan(500);
  await shoot(page, 'job-detail-preview');

  // The same drawing again: the server says which job has it; nothing new is made.
  await openNewJob(page);
  await page.getByLabel('Choose SVG files').setInputFiles(join(corpus, 'misc__multilayer.svg'));
  await expect(page.getByTestId('picked-files')).toContainText('layers');
  await page.getByRole('button', { name: 'Create job', exact: true }).click();
  const status = page.getByTestId('outbox-status');
  await expect(status).toContainText('This drawing is already job Multilayer poster');
  await status.getByRole('link', { name: 'Multilayer poster' }).click();
  await expect(page.getByRole('heading', { name: 'Multilayer poster' })).toBeVisible();
  await openNewJob(page);
  await page.getByRole('button', { name: /^Remove/ }).click();
  await expect(page.getByTestId('outbox')).toHaveCount(0);
});

test('a PNG renamed .svg and a file over the size limit are named with their problem; nothing is created', async () => {
  const { page } = device;
  await openNewJob(page);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  const huge = Buffer.alloc(21 * 1024 * 1024, 0x20);
  huge.write('<svg xmlns="http://www.w3.org/2000/svg"><!--', 0);
  await page.getByLabel('Choose SVG files').setInputFiles([
    { name: 'photo.svg', mimeType: 'image/svg+xml', buffer: png },
    { name: 'huge.svg', mimeType: 'image/svg+xml', buffer: huge },
  ]);
  const picked = page.getByTestId('picked-files');
  await expect(picked).toContainText('photo.svg is a PNG image renamed to .svg, not an SVG file.');
  await expect(picked).toContainText('huge.svg is 21 MB; the limit is 20 MB.');
  await page.getByRole('button', { name: 'Create job', exact: true }).click();
  await expect(page.getByTestId('new-job-error')).toHaveText(
    'Nothing was created. Remove the files that cannot be plotted: photo.svg, huge.svg.',
  );
  await expect(page.getByTestId('outbox')).toHaveCount(0);
  await page.getByRole('link', { name: 'Jobs', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Job board' })).toBeVisible();
  await expect(page.getByRole('link', { name: /photo|huge/ })).toHaveCount(0);
});

test('a file picked offline waits on the device and uploads when the network is back', async () => {
  const { page, context } = device;
  await openNewJob(page);
  await context.setOffline(true);
  await expect(page.getByTestId('sync-online')).toHaveText('Offline', { timeout: 15_000 });
  await page.getByLabel('Choose SVG files').setInputFiles(join(corpus, 'misc__few_circles.svg'));
  await expect(page.getByTestId('picked-files')).toContainText('stroke');
  await page.getByLabel('Job name (optional: the first file’s name)').fill('Circles made offline');
  await page.getByRole('button', { name: 'Create job', exact: true }).click();
  await expect(page.getByTestId('new-job-notice')).toContainText('Saved on this device');
  await expect(page.getByTestId('outbox')).toContainText('Circles made offline');
  await expect(page.getByTestId('outbox-status')).toContainText('Waiting to upload');

  await context.setOffline(false);
  await expect(page.getByTestId('outbox')).toHaveCount(0, { timeout: 15_000 });
  await page.getByRole('link', { name: 'Jobs', exact: true }).click();
  await page.getByRole('link', { name: /Circles made offline/ }).click();
  await expect(page.getByTestId('job-state')).toHaveText('OPTIMIZED', { timeout: 60_000 });
  await expect(page.getByTestId('drawing-preview')).toHaveAttribute('data-from', 'plan');
  await expect.poll(() => inkedPixels(page)).toBeGreaterThan(100);
});
