import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { freePort } from '../../scripts/free-port.ts';
import { startEmbeddedPostgres } from './start-embedded-postgres.ts';

let parent: string;
beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'fabdesk-embedded-test-'));
  await chmod(parent, 0o755);
});
afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

test('stop() returns even when postgres has already exited (e.g. it got the Ctrl-C too)', async () => {
  const dataDir = join(parent, 'data');
  const handle = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  // postmaster.pid's first line is the postmaster's pid; SIGINT is Postgres' fast shutdown.
  const pid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  process.kill(pid, 'SIGINT');
  // Postgres removes postmaster.pid as it exits; wait for that, then a little more.
  for (let i = 0; i < 200 && (await exists(join(dataDir, 'postmaster.pid'))); i++) {
    await new Promise((r) => setTimeout(r, 25));
  }
  await new Promise((r) => setTimeout(r, 200));
  await expect(
    new pg.Client({ connectionString: handle.url, connectionTimeoutMillis: 500 }).connect(),
  ).rejects.toThrow(/ECONNREFUSED/);
  const started = Date.now();
  await handle.stop();
  expect(Date.now() - started).toBeLessThan(5000);
});

function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
