import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { freePort } from '../scripts/free-port.ts';
import { envVariables } from './config.ts';
import { createTestDatabase, type TestDatabase } from './db/test-database.ts';

// The real server process, as `npm start` runs it: Node 24 (vitest's own runtime) on
// server/main.ts, configured only through the environment.
const mainTs = new URL('./main.ts', import.meta.url).pathname;

interface ServerProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

function spawnServer(env: Record<string, string>, detached = false): ServerProcess {
  const clean = { ...process.env };
  for (const name of envVariables) delete clean[name];
  const child = spawn(process.execPath, [mainTs], {
    env: { ...clean, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    err += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Resolves when the server logs that it listens; rejects with its output if it exits first. */
async function listening(server: ServerProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!server.stdout().includes(' listening on http://')) {
    if (server.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`server did not start:\n${server.stdout()}\n${server.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function stopWithSigterm(server: ServerProcess): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exited;
}

async function expectOneLineFailure(env: Record<string, string>, pattern: RegExp) {
  const server = spawnServer(env);
  expect(await server.exited).toBe(1);
  const lines = server
    .stderr()
    .split('\n')
    .filter((l) => l.trim() !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

let parent: string;
const running: ServerProcess[] = [];

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'fabdesk-main-test-'));
  // As root the embedded cluster runs as the `postgres` user, who must enter this folder.
  await chmod(parent, 0o755);
});

afterAll(async () => {
  for (const server of running) if (server.child.exitCode === null) server.child.kill('SIGKILL');
  await rm(parent, { recursive: true, force: true });
});

describe('the server process', () => {
  test('serves /health, keeps its data across a SIGTERM restart and stops the embedded cluster', async () => {
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = {
      PORT: String(port),
      FABDESK_DATA_DIR: join(parent, 'persist'),
      FABDESK_EMBEDDED_PG_PORT: String(pgPort),
    };
    // The embedded cluster's fixed credentials (server/db/start-embedded-postgres.ts).
    const pgUrl = `postgres://fabdesk:fabdesk-local@127.0.0.1:${pgPort}/postgres`;

    const first = spawnServer(env);
    running.push(first);
    await listening(first);
    expect(first.stdout()).toContain(`listening on http://127.0.0.1:${port}`);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      database: 'ok',
      migrations: { current: true, pending: 0 },
    });

    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query('create table restart_probe (note text)');
    await client.query(`insert into restart_probe values ('written before SIGTERM')`);
    await client.end();

    expect(await stopWithSigterm(first)).toBe(0);
    expect(first.stdout()).toContain('fabdesk stopped');
    // The embedded cluster went down with the server.
    const probe = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 1000 });
    await expect(probe.connect()).rejects.toThrow(/ECONNREFUSED/);

    const second = spawnServer(env);
    running.push(second);
    await listening(second);
    const again = new pg.Client({ connectionString: pgUrl });
    await again.connect();
    const { rows } = await again.query('select note from restart_probe');
    await again.end();
    expect(rows).toEqual([{ note: 'written before SIGTERM' }]);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    expect(await stopWithSigterm(second)).toBe(0);
    expect(second.stderr()).toBe('');
  });

  test('SIGTERM during start-up still stops the embedded cluster and exits 0', async () => {
    const pgPort = await freePort();
    const server = spawnServer({
      PORT: String(await freePort()),
      FABDESK_DATA_DIR: join(parent, 'early-sigterm'),
      FABDESK_EMBEDDED_PG_PORT: String(pgPort),
    });
    running.push(server);
    // The cluster is up once this line is out; migrations and listen are still to come.
    while (!server.stdout().includes(' info database: ') && server.child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await stopWithSigterm(server)).toBe(0);
    const probe = new pg.Client({
      connectionString: `postgres://fabdesk:fabdesk-local@127.0.0.1:${pgPort}/postgres`,
      connectionTimeoutMillis: 1000,
    });
    await expect(probe.connect()).rejects.toThrow(/ECONNREFUSED/);
  });

  test('Ctrl-C (SIGINT to the whole process group, postgres included) still exits 0', async () => {
    const pgPort = await freePort();
    const server = spawnServer(
      {
        PORT: String(await freePort()),
        FABDESK_DATA_DIR: join(parent, 'ctrl-c'),
        FABDESK_EMBEDDED_PG_PORT: String(pgPort),
      },
      true,
    );
    running.push(server);
    await listening(server);
    // What a terminal does on Ctrl-C: the signal reaches postgres too, which may be gone
    // before the server asks it to stop.
    process.kill(-server.child.pid!, 'SIGINT');
    expect(await server.exited).toBe(0);
    expect(server.stdout()).toContain('fabdesk stopped');
    const probe = new pg.Client({
      connectionString: `postgres://fabdesk:fabdesk-local@127.0.0.1:${pgPort}/postgres`,
      connectionTimeoutMillis: 1000,
    });
    await expect(probe.connect()).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('a bad configuration stops the server with one line on stderr and exit 1', () => {
  let database: TestDatabase<unknown>;
  beforeAll(async () => {
    database = await createTestDatabase(inject('pgAdminUrl'));
  });
  afterAll(async () => {
    await database?.drop();
  });

  test('DATABASE_URL pointing at a closed port', async () => {
    const closed = await freePort();
    await expectOneLineFailure(
      { PORT: String(await freePort()), DATABASE_URL: `postgres://fab:pw@127.0.0.1:${closed}/x` },
      new RegExp(`^fabdesk: the database at 127\\.0\\.0\\.1:${closed} did not answer`),
    );
  });

  test('FABDESK_DATA_DIR below a file', async () => {
    const file = join(parent, 'a-file');
    await writeFile(file, 'not a folder');
    await expectOneLineFailure(
      { PORT: String(await freePort()), FABDESK_DATA_DIR: join(file, 'data') },
      /^fabdesk: the data directory .*a-file\/data\/pg cannot be created or written \(ENOTDIR/,
    );
  });

  test('FABDESK_DATA_DIR on something read-only', async () => {
    // Root ignores folder permissions, so as root use a filesystem that refuses mkdir.
    let dataDir = '/sys/fabdesk-test/data';
    if (process.getuid?.() !== 0) {
      const readOnly = join(parent, 'read-only');
      await mkdir(readOnly, { mode: 0o555 });
      dataDir = join(readOnly, 'data');
    }
    await expectOneLineFailure(
      { PORT: String(await freePort()), FABDESK_DATA_DIR: dataDir },
      /^fabdesk: the data directory .* cannot be created or written \((EACCES|EPERM|EROFS)/,
    );
  });

  test('PORT already taken', async () => {
    const blocker = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      await expectOneLineFailure(
        { PORT: String(port), DATABASE_URL: database.url },
        new RegExp(`^fabdesk: port ${port} on 127\\.0\\.0\\.1 is already in use; set PORT$`),
      );
    } finally {
      blocker.close();
    }
  });

  test('FABDESK_EMBEDDED_PG_PORT already taken', async () => {
    const blocker = createServer();
    const pgPort = await freePort();
    await new Promise<void>((resolve) => blocker.listen(pgPort, '127.0.0.1', resolve));
    try {
      await expectOneLineFailure(
        {
          PORT: String(await freePort()),
          FABDESK_DATA_DIR: join(parent, 'pg-port-taken'),
          FABDESK_EMBEDDED_PG_PORT: String(pgPort),
        },
        new RegExp(
          `^fabdesk: port ${pgPort} for the embedded Postgres is already in use; set FABDESK_EMBEDDED_PG_PORT$`,
        ),
      );
    } finally {
      blocker.close();
    }
  });

  test('a malformed variable', async () => {
    await expectOneLineFailure(
      { PORT: 'eighty' },
      /^fabdesk: PORT must be a TCP port number from 1 to 65535; got "eighty"$/,
    );
  });
});
