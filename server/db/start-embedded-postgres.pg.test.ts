import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

test('a cluster left running by a SIGKILLed server is stopped at the next start, and its data kept', async () => {
  const dataDir = join(parent, 'orphaned');
  const port = await freePort();
  // A separate server process starts the cluster, writes a row, and is then killed with
  // SIGKILL: it cannot stop its postgres child, which keeps running and holds the lock.
  const module = new URL('./start-embedded-postgres.ts', import.meta.url).href;
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import pg from 'pg';
       const { startEmbeddedPostgres } = await import(${JSON.stringify(module)});
       const h = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port} });
       const c = new pg.Client(h.url); await c.connect();
       await c.query('create table kept (v text)'); await c.query("insert into kept values ('before the kill')");
       await c.end(); console.log('ready'); setInterval(() => {}, 1000);`,
    ],
    { cwd: dirname(fileURLToPath(import.meta.url)), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((ready, fail) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && ready());
    child.on('exit', (code) => fail(new Error(`the server process exited with ${code}`)));
  });
  const orphan = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  expect(() => process.kill(orphan, 0)).not.toThrow();

  const lines: string[] = [];
  const handle = await startEmbeddedPostgres({ dataDir, port, onLog: (l) => lines.push(l) });
  try {
    expect(lines.join('\n')).toMatch(`stopping the embedded Postgres (pid ${orphan})`);
    const client = new pg.Client(handle.url);
    await client.connect();
    const { rows } = await client.query('select v from kept');
    await client.end();
    expect(rows).toEqual([{ v: 'before the kill' }]);
  } finally {
    await handle.stop();
  }
});

test('a cluster whose server is still alive is left alone and the start is refused clearly', async () => {
  const dataDir = join(parent, 'owned');
  const handle = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  try {
    await expect(startEmbeddedPostgres({ dataDir, port: await freePort() })).rejects.toThrow(
      /another Postgres \(another fabdesk server\?\) is already using/,
    );
    const client = new pg.Client(handle.url);
    await client.connect();
    expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await client.end();
  } finally {
    await handle.stop();
  }
});
