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
  // One retry: on this 2-core machine the conflicts and plot-resume specs each failed once
  // in four clean runs (timing of offline/online switches and of the lease after a reload;
  // under investigation, see the issue notes). A test that passes only on its retry is
  // reported as flaky by scripts/test-all.ts, not hidden.
  retries: 1,
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.FABDESK_E2E_JSON ?? '../test-results/e2e.json' }],
  ],
  outputDir: '../test-results/e2e',
});
