import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';

const corpus = join(import.meta.dirname, '../../shared/corpus/svg');

/**
 * A corpus drawing with a comment that makes its bytes unique: the server deduplicates
 * uploads by hash, and each spec needs a job of its own.
 */
export function corpusSvg(file: string, stamp: string): string {
  return readFileSync(join(corpus, file), 'utf8').replace(
    '</svg>',
    `<!-- ${stamp} ${Date.now()} --></svg>`,
  );
}

/**
 * The steps every plot spec starts with, through the UI: upload the drawing as a new job,
 * wait for the conversion (OPTIMIZED), take the job, approve it (READY) and open its plot
 * console. Returns the job page's address.
 */
export async function openPlotConsole(
  page: Page,
  name: string,
  file: { name: string; svg: string },
): Promise<string> {
  await page.getByRole('link', { name: 'New job' }).first().click();
  await page.getByLabel('Choose SVG files').setInputFiles({
    name: file.name,
    mimeType: 'image/svg+xml',
    buffer: Buffer.from(file.svg),
  });
  await expect(page.getByTestId('picked-files')).toContainText(/\d+ layers?/);
  await page.getByLabel('Job name (optional: the first file’s name)').fill(name);
  await page.getByRole('button', { name: 'Create job', exact: true }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('job-state')).toHaveText('OPTIMIZED', { timeout: 60_000 });
  const jobUrl = page.url();
  await page.getByRole('button', { name: 'Take job' }).click();
  await expect(page.getByTestId('lock-status')).toContainText('You hold this job');
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(page.getByTestId('job-state')).toHaveText('READY');
  await page.getByRole('link', { name: 'Plot', exact: true }).click();
  await expect(page.getByRole('heading', { name: `Plot: ${name}` })).toBeVisible();
  return jobUrl;
}

/** Ticks the three pre-flight checks (arming waits for all of them). */
export async function passPreflight(page: Page): Promise<void> {
  await page.getByLabel('Paper loaded and taped down').check();
  await page.getByLabel('Pen fitted for the first layer').check();
  await page.getByLabel('Carriage at home (top left, pen up)').check();
}
