import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, expect, type Page } from '@playwright/test';

/** Debian's Chromium; Playwright's own browser download is never used. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Account {
  name: string;
  password: string;
}

export const appUrl = () => process.env.FABDESK_E2E_URL ?? 'http://127.0.0.1:8787';
export const admin = (): Account => JSON.parse(process.env.FABDESK_E2E_ADMIN ?? '{}');
export const staff = (): Account => JSON.parse(process.env.FABDESK_E2E_STAFF ?? '{}');

/** One simulated device: a browser with its own fresh profile (its own IndexedDB). */
export interface Device {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openDevice(
  options: { width?: number; colorScheme?: 'light' | 'dark' } = {},
): Promise<Device> {
  const profile = mkdtempSync(join(tmpdir(), 'fabdesk-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    viewport: { width: options.width ?? 1280, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    serviceWorkers: 'allow',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Pairs the device through the sign-in screen and waits for the job board. */
export async function signIn(page: Page, account: Account, deviceName: string): Promise<void> {
  await page.goto(appUrl());
  await expect(page.getByLabel('Server address')).toHaveValue(appUrl());
  await page.getByLabel('Your name').fill(account.name);
  await page.getByLabel('Password').fill(account.password);
  await page.getByLabel('Name of this device').fill(deviceName);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Job board' })).toBeVisible();
  await expect(page.getByTestId('sync-online')).toHaveText('Online');
}

/**
 * Creates a job without a drawing through the New job screen and waits for its page (the
 * lifecycle and sync specs need a job that stays NEW; uploads are in new-job-upload.spec).
 */
export async function createJob(page: Page, name: string): Promise<void> {
  await page.getByRole('link', { name: 'New job' }).first().click();
  await page.getByLabel('Job name').fill(name);
  await page.getByRole('button', { name: 'Create without a drawing' }).click();
  await expect(page.getByRole('heading', { name })).toBeVisible();
}
