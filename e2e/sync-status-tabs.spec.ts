import { expect, type Page, test } from '@playwright/test';
import { admin, appUrl, createJob, type Device, openDevice, signIn, staff } from './devices.ts';

// One device with two tabs of the app (one browser profile, one IndexedDB): only the
// leader tab replicates, the other shows the leader's sync status.
let device: Device;
let other: Device | undefined;
let tabA: Page;
let tabB: Page;

test.beforeAll(async () => {
  device = await openDevice();
  tabA = device.page;
  // A opens the device's database first and so leads.
  await signIn(tabA, admin(), 'desk with two tabs');
  tabB = await device.context.newPage();
  await tabB.goto(appUrl());
  await expect(tabB.getByRole('heading', { name: 'Job board' })).toBeVisible();
});
test.afterAll(async () => {
  await device?.close();
  await other?.close();
});

const pending = (page: Page) => page.getByTestId('sync-pending');
// Unique per run: repeated runs (--repeat-each) share one server and its job board.
const stamp = Date.now().toString(36);
const firstJob = `Two tabs job ${stamp}`;
const secondJob = `Made on another device ${stamp}`;

test('the second tab shows the leader tab: online and when it last synced', async () => {
  await expect(tabB.getByTestId('sync-online')).toHaveText('Online');
  await expect(tabB.getByTestId('sync-status')).toContainText(/Synced just now/);
  await expect(pending(tabB)).toHaveText('All changes sent');
});

test('an edit made offline in the second tab waits in both tabs until the device is online', async () => {
  await createJob(tabB, firstJob);
  await tabB.getByRole('button', { name: 'Take job' }).click();
  await expect(tabB.getByTestId('lock-status')).toHaveText(/You hold this job/);
  // Taking the job marks it seen: once A's board drops the New badge that write is stored,
  // and "All changes sent" then means it reached the server.
  const cardInA = tabA.getByRole('link', { name: new RegExp(firstJob) });
  await expect(cardInA).toBeVisible();
  await expect(cardInA.getByText('New', { exact: true })).toHaveCount(0);
  for (const tab of [tabA, tabB]) await expect(pending(tab)).toHaveText('All changes sent');

  await device.context.setOffline(true);
  await expect(tabB.getByTestId('sync-online')).toHaveText('Offline');
  // A lifecycle step writes the job document and nothing else.
  await tabB.getByRole('button', { name: 'Queue conversion' }).click();
  await expect(tabB.getByTestId('job-state')).toHaveText('QUEUED');
  await expect(pending(tabB)).toHaveText('1 waiting to send');
  await expect(pending(tabA)).toHaveText('1 waiting to send');
  // Still waiting a few retry periods later: nothing reached the server.
  await tabB.waitForTimeout(3000);
  for (const tab of [tabA, tabB]) await expect(pending(tab)).toHaveText('1 waiting to send');

  await device.context.setOffline(false);
  for (const tab of [tabA, tabB]) {
    await expect(pending(tab)).toHaveText('All changes sent');
    await expect(tab.getByTestId('sync-online')).toHaveText('Online');
  }
});

test('when the leader tab closes, the second tab takes over and keeps syncing', async () => {
  await tabA.close();
  other = await openDevice();
  await signIn(other.page, staff(), 'another device');
  // The edit the second tab made offline reached the server.
  await other.page.getByRole('link', { name: new RegExp(firstJob) }).click();
  await expect(other.page.getByTestId('job-state')).not.toHaveText('NEW');

  // A change from another device reaches B: B now replicates.
  await createJob(other.page, secondJob);
  await tabB.getByRole('link', { name: 'Jobs', exact: true }).click();
  await tabB.getByRole('link', { name: new RegExp(secondJob) }).click();
  await expect(tabB.getByTestId('sync-online')).toHaveText('Online');

  // And B counts and sends its own writes, with no other tab left to do it.
  await tabB.getByRole('button', { name: 'Take job' }).click();
  await expect(tabB.getByTestId('lock-status')).toHaveText(/You hold this job/);
  await tabB.getByRole('link', { name: 'Jobs', exact: true }).click();
  const card = tabB.getByRole('link', { name: new RegExp(secondJob) });
  await expect(card).toBeVisible();
  await expect(card.getByText('New', { exact: true })).toHaveCount(0);
  await expect(pending(tabB)).toHaveText('All changes sent');
  await card.click();
  await device.context.setOffline(true);
  await tabB.getByTestId('notes').fill('Written in the tab that took over');
  await tabB.getByRole('button', { name: 'Save notes' }).click();
  // The job and its NotesUpdated event.
  await expect(pending(tabB)).toHaveText('2 waiting to send');
  await device.context.setOffline(false);
  await expect(pending(tabB)).toHaveText('All changes sent');
  await expect(other.page.getByTestId('notes')).toHaveValue('Written in the tab that took over');
});
