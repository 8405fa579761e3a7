import { defineConfig } from '@playwright/test';

// The e2e suite: the real server (`node server/main.ts`, as `npm start` runs it) with the
// built PWA, driven in Debian's Chromium (/usr/bin/chromium; Playwright's own browser
// download does not work here and is never used). Each simulated device is its own
// persistent browser profile (e2e/devices.ts). One worker: CI has two cores, and each
// test already runs one or two browsers plus the server and its Postgres.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './start-app.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // No retries: a failure is a bug, ours to find. The two specs that once failed one run in
  // four had causes of our own (the conflict policy merged a job's lease token to the older
  // one; plot-resume waited for a state that lasts a few hundred milliseconds), and each
  // passed 15 repeats without retries after its fix. If retries come back, name a cause
  // outside our control here; scripts/test-all.ts reports a test passed only on retry as flaky.
  retries: 0,
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.FABDESK_E2E_JSON ?? '../test-results/e2e.json' }],
  ],
  outputDir: '../test-results/e2e',
});
