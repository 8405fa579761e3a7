import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { freePort } from '../../scripts/free-port.ts';
import { envVariables } from '../config.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { randomLinesSvg, waitFor } from './runs-test-kit.ts';
import type { Database } from '../db/database.ts';

// The real server process (server/main.ts), killed with SIGKILL in the middle of a run and
// started again on the same database.
const mainTs = new URL('../main.ts', import.meta.url).pathname;
const password = 'restart test password';

let database: TestDatabase<Database>;
let port: number;
const children: ChildProcess[] = [];
beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  port = await freePort();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await database?.drop();
});

async function startServer(): Promise<ChildProcess> {
  const env = { ...process.env };
  for (const name of envVariables) delete env[name];
  const child = spawn(process.execPath, [mainTs], {
    env: {
      ...env,
      DATABASE_URL: database.url,
      PORT: String(port),
      FABDESK_ADMIN_NAME: 'Admin',
      FABDESK_ADMIN_PASSWORD: password,
      FABDESK_RUN_CONCURRENCY: '1',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (c) => {
    out += c;
  });
  child.stderr?.on('data', (c) => {
    out += c;
  });
  await waitFor(
    `the server to listen:\n${out}`,
    async () => out.includes(' listening on http://'),
    30_000,
  );
  return child;
}

const groupGone = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
};

test('a run interrupted by a killed server is found at the next start, failed and retried to the end', async () => {
  const first = await startServer();
  const base = `http://127.0.0.1:${port}`;
  const paired = await fetch(`${base}/auth/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Admin', password, deviceName: 'script' }),
  });
  expect(paired.status).toBe(201);
  const { token } = (await paired.json()) as { token: string };
  const form = new FormData();
  form.append(
    'files',
    new Blob([randomLinesSvg(150_000, 11)], { type: 'image/svg+xml' }),
    'big.svg',
  );
  form.append('preset', 'best');
  const uploaded = await fetch(`${base}/jobs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(uploaded.status).toBe(201);
  const { job, run } = (await uploaded.json()) as { job: { id: string }; run: { id: string } };

  const running = await waitFor('the conversion to run', async () => {
    const r = await database.db
      .selectFrom('runs')
      .selectAll()
      .where('id', '=', run.id)
      .executeTakeFirst();
    return r?.status === 'running' && r.pgid !== null && r;
  });
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  // The worker notices its server is gone (IPC closed) and exits; the row still says running.
  await waitFor('the orphaned worker to exit', async () => groupGone(running.pgid!), 10_000);
  const stale = await database.db
    .selectFrom('runs')
    .select('status')
    .where('id', '=', run.id)
    .executeTakeFirst();
  expect(stale?.status).toBe('running');

  const second = await startServer();
  const settled = await database.db
    .selectFrom('runs')
    .selectAll()
    .where('id', '=', run.id)
    .executeTakeFirst();
  expect(settled).toMatchObject({ status: 'failed' });
  expect(settled?.error_message).toMatch(
    /the server stopped while this run was running \(worker pid \d+ is gone\)/,
  );
  const optimized = await waitFor(
    'the retry to finish the job',
    async () => {
      const j = await database.db
        .selectFrom('jobs')
        .selectAll()
        .where('id', '=', job.id)
        .executeTakeFirst();
      return j?.state === 'OPTIMIZED' && j;
    },
    60_000,
  );
  expect(optimized.plan_hash).toMatch(/^[0-9a-f]{64}$/);
  const conversions = await database.db
    .selectFrom('runs')
    .selectAll()
    .where('job_id', '=', job.id)
    .where('kind', '=', 'conversion')
    .orderBy('created_at')
    .execute();
  expect(
    conversions.map((r) => [r.status, (r.config as { retryOf?: string }).retryOf ?? null]),
  ).toEqual([
    ['failed', null],
    ['completed', run.id],
  ]);
  second.kill('SIGTERM');
  expect(await new Promise((r) => second.once('exit', r))).toBe(0);
}, 120_000);
