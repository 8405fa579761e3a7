import { expect, test } from '@playwright/test';
import { createJob } from './devices.ts';
import { adminAndStaffDevices } from './signed-in-devices.ts';

const { a, b } = adminAndStaffDevices({ a: 'desk A', b: 'tablet B' });

test('a job created on A while offline appears on B within 2 s of A going back online', async () => {
  await a.context.setOffline(true);
  await expect(a.page.getByTestId('sync-online')).toHaveText('Offline', { timeout: 15_000 });
  await createJob(a.page, 'Made offline');
  await expect(a.page.getByTestId('sync-pending')).not.toHaveText('All changes sent');
  await a.page.waitForTimeout(1000);
  await expect(b.page.getByRole('link', { name: /Made offline/ })).toHaveCount(0);

  await a.context.setOffline(false);
  const back = Date.now();
  await expect(b.page.getByRole('link', { name: /Made offline/ })).toBeVisible({ timeout: 2000 });
  console.log(`job visible on B ${Date.now() - back} ms after A came back online`);
});

test('an edit on B appears on A', async () => {
  await b.page.getByRole('link', { name: /Made offline/ }).click();
  await b.page.getByRole('button', { name: 'Take job' }).click();
  await expect(b.page.getByTestId('lock-status')).toHaveText(/You hold this job/);
  await b.page.getByTestId('notes').fill('Use the 0.3 mm pen');
  await b.page.getByRole('button', { name: 'Save notes' }).click();

  await expect(a.page.getByTestId('notes')).toHaveValue('Use the 0.3 mm pen');
  await expect(a.page.getByTestId('timeline')).toContainText('Grace Staff edited the notes');
  await b.page.getByRole('button', { name: 'Release job' }).click();
  await expect(b.page.getByTestId('lock-status')).toHaveText(/Nobody holds this job/);
});

test('A holds the lock: B sees who and cannot change the job; after A releases, B can', async () => {
  await expect(a.page.getByTestId('lock-status')).toHaveText(/Nobody holds this job/);
  await a.page.getByRole('button', { name: 'Take job' }).click();
  await expect(a.page.getByTestId('lock-status')).toHaveText(/You hold this job/);

  await expect(b.page.getByTestId('lock-status')).toHaveText(/Ada Admin holds this job until/);
  await expect(b.page.getByRole('button', { name: 'Take job' })).toHaveCount(0);
  await expect(b.page.getByRole('button', { name: 'Queue conversion' })).toHaveCount(0);
  await expect(b.page.getByTestId('notes')).toHaveAttribute('readonly', '');
  await b.page.getByRole('link', { name: 'Jobs', exact: true }).click();
  const card = b.page.getByRole('link', { name: /Made offline/ });
  await expect(card.getByTestId('lock-holder')).toHaveText('Locked by Ada Admin');
  await expect(card).toContainText('Normal'); // the default priority
  await b.page.getByRole('link', { name: /Made offline/ }).click();

  await a.page.getByRole('button', { name: 'Release job' }).click();
  await b.page.getByRole('button', { name: 'Take job' }).click();
  await b.page.getByRole('button', { name: 'Queue conversion' }).click();
  await expect(b.page.getByTestId('job-state')).toHaveText('QUEUED');
  await expect(a.page.getByTestId('job-state')).toHaveText('QUEUED');
  await expect(a.page.getByTestId('timeline')).toContainText(
    'Grace Staff moved the job from NEW to QUEUED',
  );
});
