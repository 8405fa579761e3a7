import { expect, test } from '@playwright/test';
import { admin, appUrl, createJob, openDevice, signIn } from './devices.ts';

test('the manifest is valid, with real 192 and 512 px PNG icons', async ({ request }) => {
  const html = await (await request.get(appUrl())).text();
  const href = /<link rel="manifest" href="([^"]+)"/.exec(html)?.[1];
  expect(href).toBeTruthy();
  const res = await request.get(new URL(href!, appUrl()).href);
  expect(res.headers()['content-type']).toContain('application/manifest+json');
  const manifest = await res.json();
  expect(manifest).toMatchObject({ name: 'fabdesk', display: 'standalone', start_url: '/' });
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  for (const size of [192, 512]) {
    const icon = manifest.icons.find((i: { sizes: string }) => i.sizes === `${size}x${size}`);
    expect(icon, `${size} icon`).toBeTruthy();
    const png = await (await request.get(new URL(icon.src, appUrl()).href)).body();
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
  }
});

test('the service worker is active, and with the network off a reload still shows the app and its data', async () => {
  const device = await openDevice();
  try {
    const { page, context } = device;
    await signIn(page, admin(), 'offline tablet');
    // Runs in the page (the e2e side is typed without DOM, hence the shape spelled out).
    // `ready` resolves once there is an active worker, which may still be "activating"
    // (its activate event running): wait for "activated", when it controls the page.
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            const { serviceWorker } = navigator as unknown as {
              serviceWorker: { ready: Promise<{ active: { state: string } | null }> };
            };
            return (await serviceWorker.ready).active?.state;
          }),
        { timeout: 15_000 },
      )
      .toBe('activated');
    // A name of its own, so the spec can be repeated against one server (--repeat-each).
    const name = `Offline-proof poster ${Date.now()}`;
    await createJob(page, name);
    // Wait until the job has reached the server so the test proves the cache, not luck.
    await expect(page.getByTestId('sync-pending')).toHaveText('All changes sent');

    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('heading', { name })).toBeVisible();
    await page.getByRole('link', { name: 'Jobs', exact: true }).click();
    await expect(page.getByRole('link', { name: new RegExp(name) })).toBeVisible();
    await expect(page.getByTestId('sync-online')).toHaveText('Offline');
  } finally {
    await device.close();
  }
});
