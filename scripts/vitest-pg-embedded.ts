import { mkdtemp, rm, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../server/db/start-embedded-postgres.ts';
import { freePort } from './free-port.ts';

/** Starts one throw-away embedded Postgres for the run; each test file makes its own database in it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const parent = await mkdtemp(join(tmpdir(), 'fabdesk-test-pg-'));
  await chmod(parent, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: join(parent, 'data'), port: await freePort() });
  project.provide('pgAdminUrl', pg.url);
  return async () => {
    await pg.stop();
    await rm(parent, { recursive: true, force: true });
  };
}
