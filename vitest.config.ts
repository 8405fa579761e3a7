import { defineConfig } from 'vitest/config';
import { CountingReporter } from './scripts/counting-reporter.ts';

// Tests sit beside the code. The suffix says what a test needs:
//   *.test.ts      pure, in Node
//   *.pg.test.ts   a real Postgres: run once against an embedded cluster started for the
//                  run, and once more against TEST_DATABASE_URL when that is set (CI points
//                  it at the machine's Postgres 15 service).
//   e2e/*.spec.ts  Playwright, run separately by scripts/test-all.ts.
const common = ['**/node_modules/**', '**/dist/**', 'e2e/**', '.fabdesk/**'];
const external = process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    reporters: ['default', new CountingReporter()],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts', '**/*.test.tsx'],
          exclude: [...common, '**/*.pg.test.ts'],
          // Some unit tests spawn the CLI or run whole plots on the emulator; on a loaded
          // 2-core machine vitest's 5 s default cut them off while they were still correct.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'pg-embedded',
          include: ['**/*.pg.test.ts'],
          exclude: common,
          globalSetup: ['./scripts/vitest-pg-embedded.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      ...(external
        ? [
            {
              test: {
                name: 'pg-external',
                include: ['**/*.pg.test.ts'],
                // The second Postgres is there for SQL semantics (locks, sync order, leases,
                // migrations, constraints). These spend their time on processes, timers and
                // the embedded cluster's own binaries, not on the server's version, and
                // would add about three minutes to CI for the same answer.
                exclude: [
                  ...common,
                  'server/runs/run-processes.pg.test.ts',
                  'server/runs/run-progress.pg.test.ts',
                  'server/runs/server-restart.pg.test.ts',
                  'server/main.pg.test.ts',
                  'server/cli/send-outbox.pg.test.ts',
                  'server/cli/plot-resume.pg.test.ts',
                  'server/db/start-embedded-postgres.pg.test.ts',
                ],
                globalSetup: ['./scripts/vitest-pg-external.ts'],
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
    ],
  },
});
