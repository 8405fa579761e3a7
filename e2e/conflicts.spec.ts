import { expect, test } from '@playwright/test';
import { expectAccessible } from './check-accessibility.ts';
import { admin, appUrl, createJob } from './devices.ts';
import { adminAndStaffDevices } from './signed-in-devices.ts';

// Conflicting offline edits of one job's notes (docs/conflicts.md). Only the lease holder
// may write a job, so the two edits are made under two leases in turn: A takes the job and
// edits offline; an admin force-releases it (A is unreachable), B takes it and edits
// offline too, and B's edit reaches the server first. A's edit, when A comes back, carries
// a stale fencing counter: the server refuses it, the policy merges the notes and pushes
// again, the server refuses that as well (A no longer holds the job), so the server's
// state stands on both devices and A's version is kept as a loser on A's /conflicts.

const { a, b } = adminAndStaffDevices({ a: 'desk A', b: 'tablet B' });

async function forceRelease(jobId: string): Promise<void> {
  const paired = await fetch(`${appUrl()}/auth/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...admin(), deviceName: 'e2e admin console' }),
  });
  expect(paired.status).toBe(201);
  const { token } = (await paired.json()) as { token: string };
  const released = await fetch(`${appUrl()}/leases/${jobId}/force-release`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  expect(released.ok).toBe(true);
}

test('conflicting offline edits on A and B end in one state on both, the loser on A’s conflicts page', async () => {
  // Two devices going offline and back (each offline state takes a few seconds to show).
  test.setTimeout(150_000);
  // Unique per run: repeated runs (--repeat-each) share one server and its job board.
  const name = `Conflict poster ${Date.now().toString(36)}`;
  await createJob(a.page, name);
  const jobId = /\/job\/([0-9a-f-]{36})$/.exec(a.page.url())?.[1];
  expect(jobId).toBeTruthy();
  // The server must have the job before it can lend it.
  await expect(a.page.getByTestId('sync-pending')).toHaveText('All changes sent');
  await expect(b.page.getByRole('link', { name: new RegExp(name) })).toBeVisible();
  await a.page.getByRole('button', { name: 'Take job' }).click();
  await expect(a.page.getByTestId('lock-status')).toHaveText(/You hold this job/);
  await expect(a.page.getByTestId('sync-pending')).toHaveText('All changes sent');

  // A edits offline while holding the job.
  await a.context.setOffline(true);
  await expect(a.page.getByTestId('sync-online')).toHaveText('Offline', { timeout: 15_000 });
  await a.page.getByTestId('notes').fill('Ada: plot on A3 cartridge paper');
  await a.page.getByRole('button', { name: 'Save notes' }).click();
  await expect(a.page.getByTestId('sync-pending')).not.toHaveText('All changes sent');

  // A cannot be reached; an admin frees the job and B takes it, then edits offline too.
  await forceRelease(jobId!);
  await b.page.getByRole('link', { name: new RegExp(name) }).click();
  await expect(b.page.getByTestId('lock-status')).toHaveText(/Nobody holds this job/);
  await b.page.getByRole('button', { name: 'Take job' }).click();
  await expect(b.page.getByTestId('lock-status')).toHaveText(/You hold this job/);
  await b.context.setOffline(true);
  await expect(b.page.getByTestId('sync-online')).toHaveText('Offline', { timeout: 15_000 });
  await b.page.getByTestId('notes').fill('Grace: plot on A4 bristol');
  await b.page.getByRole('button', { name: 'Save notes' }).click();
  // The edit is stored and counted before B goes online (else the check below could pass
  // on the status from before the edit).
  await expect(b.page.getByTestId('sync-pending')).not.toHaveText('All changes sent');
  await b.context.setOffline(false);
  await expect(b.page.getByTestId('sync-pending')).toHaveText('All changes sent', {
    timeout: 15_000,
  });
  await b.page.getByRole('button', { name: 'Release job' }).click();
  await expect(b.page.getByTestId('lock-status')).toHaveText(/Nobody holds this job/);

  // A comes back: its edit is refused; both devices end with the server's notes.
  await a.context.setOffline(false);
  await expect(a.page.getByTestId('sync-pending')).toHaveText('All changes sent', {
    timeout: 15_000,
  });
  await expect(a.page.getByTestId('notes')).toHaveValue('Grace: plot on A4 bristol');
  await expect(b.page.getByTestId('notes')).toHaveValue('Grace: plot on A4 bristol');
  await expect(a.page.getByTestId('job-state')).toHaveText(
    (await b.page.getByTestId('job-state').textContent()) ?? '',
  );

  // A's losing version is kept where the policy says: on A, and only on A.
  await expect(a.page.getByTestId('job-conflict-notice')).toBeVisible();
  await expect(b.page.getByTestId('job-conflict-notice')).toHaveCount(0);
  await expect(b.page.getByRole('link', { name: /conflicts? to look at/ })).toHaveCount(0);
  await a.page.getByRole('link', { name: /conflicts? to look at/ }).click();
  await expect(a.page.getByRole('heading', { name: 'Conflicts', level: 1 })).toBeVisible();
  // One loser: a later refusal that differs only in the edit time (updatedAt) stores none.
  const loser = a.page
    .getByTestId('conflict')
    .filter({ hasText: `Job: ${name}` })
    .filter({ hasText: 'Ada: plot on A3 cartridge paper' });
  await expect(loser).toHaveCount(1);
  await expect(a.page.getByTestId('conflict')).toHaveCount(1);
  await expect(loser.getByTestId('conflict-yours')).toContainText(
    'Ada: plot on A3 cartridge paper',
  );
  await expect(loser.getByTestId('conflict-kept')).toHaveText('Grace: plot on A4 bristol');
  await expectAccessible(a.page, 'conflicts-with-loser-1280-light');

  // Copying puts A's text on the clipboard; dismissing forgets the loser.
  await a.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: appUrl() });
  const copy = loser.getByRole('button', { name: 'Copy your notes' });
  await copy.click();
  await expect(copy).toHaveText('Copied');
  expect(await a.page.evaluate('navigator.clipboard.readText()')).toContain(
    'Ada: plot on A3 cartridge paper',
  );
  await loser.getByRole('button', { name: 'Dismiss' }).click();
  await expect(loser).toHaveCount(0);
});
