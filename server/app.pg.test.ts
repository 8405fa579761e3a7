import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HTTPException } from 'hono/http-exception';
import { validator } from 'hono/validator';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { freePort } from '../scripts/free-port.ts';
import { createApp } from './app.ts';
import { createDatabase } from './db/create-database.ts';
import { createMigrator, repoMigrationsDir } from './db/migrator.ts';
import { createTestDatabase, type TestDatabase } from './db/test-database.ts';
import { HttpError } from './http-error.ts';
import { createLogger } from './logger.ts';

const logged: string[] = [];
const logger = createLogger('debug', { out: (l) => logged.push(l), err: (l) => logged.push(l) });
const version = '9.9.9-test';

let migrated: TestDatabase<unknown>;
let partial: TestDatabase<unknown>;
let scratchDir: string;

beforeAll(async () => {
  migrated = await createTestDatabase(inject('pgAdminUrl'));
  await createMigrator(migrated.db).latest();
  partial = await createTestDatabase(inject('pgAdminUrl'));
  scratchDir = await mkdtemp(join(tmpdir(), 'fabdesk-app-migrations-'));
  for (const name of ['0001_a', '0002_b', '0003_c']) {
    await writeFile(
      join(scratchDir, `${name}.ts`),
      `export async function up(db) { await db.schema.createTable('t_${name}').addColumn('id', 'integer').execute(); }`,
    );
  }
});

afterAll(async () => {
  await migrated?.drop();
  await partial?.drop();
  await rm(scratchDir, { recursive: true, force: true });
});

function appOn(database: TestDatabase<unknown>, migrationsDir = repoMigrationsDir) {
  return createApp({
    db: database.db,
    migrator: createMigrator(database.db, migrationsDir),
    version,
    logger,
  });
}

describe('GET /health', () => {
  test('is ok on a database with every migration applied', async () => {
    const migrationCount = (await readdir(repoMigrationsDir)).filter((f) =>
      /^\d{4}_.+\.ts$/.test(f),
    ).length;
    const response = await appOn(migrated).request('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      database: 'ok',
      migrations: { current: true, applied: migrationCount, pending: 0 },
      version,
    });
  });

  test('is degraded (503) while migrations are pending', async () => {
    await createMigrator(partial.db, scratchDir).up();
    const response = await appOn(partial, scratchDir).request('/health');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'degraded',
      database: 'ok',
      migrations: { current: false, applied: 1, pending: 2 },
      version,
    });
  });

  test('is degraded (503) when the database does not answer', async () => {
    const db = createDatabase(`postgres://nobody@127.0.0.1:${await freePort()}/none`, {
      connectTimeoutMs: 500,
    });
    try {
      const app = createApp({ db, migrator: createMigrator(db), version, logger });
      const response = await app.request('/health');
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: 'degraded',
        database: 'unreachable',
        migrations: { current: false, applied: null, pending: null },
        version,
      });
    } finally {
      await db.destroy();
    }
  });
});

describe('errors are JSON', () => {
  function appWithFailingRoutes() {
    const app = appOn(migrated);
    app.get('/conflict', () => {
      throw new HttpError('conflict', 'plotter A3-1 is locked by Ada until 15:30');
    });
    app.get('/bug', () => {
      throw new Error('connection to 10.0.0.5 failed: password for role admin');
    });
    app.get('/teapot', () => {
      throw new HTTPException(418, { message: 'short and stout' });
    });
    app.post(
      '/echo',
      validator('json', (body) => body),
      (c) => c.json(c.req.valid('json')),
    );
    return app;
  }

  test('an HttpError keeps its code, status and message', async () => {
    const response = await appWithFailingRoutes().request('/conflict');
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      error: { code: 'conflict', message: 'plotter A3-1 is locked by Ada until 15:30' },
    });
  });

  test('an unexpected error is a generic 500; the detail is logged, not sent', async () => {
    logged.length = 0;
    const response = await appWithFailingRoutes().request('/bug');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'internal', message: 'internal server error' },
    });
    expect(text).not.toMatch(/10\.0\.0\.5|password|admin/);
    expect(logged.join('\n')).toMatch(/error GET \/bug failed: Error: connection to 10\.0\.0\.5/);
  });

  test("Hono's own 4xx (malformed JSON body) becomes bad-request with its message", async () => {
    const response = await appWithFailingRoutes().request('/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"pen": ',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad-request');
    expect(body.error.message).toMatch(/malformed json/i);
  });

  test('a 4xx status without a code of its own is answered as bad-request (400)', async () => {
    const response = await appWithFailingRoutes().request('/teapot');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'bad-request', message: 'short and stout' },
    });
  });

  test('an unknown route is a JSON 404 naming the method and path', async () => {
    const response = await appWithFailingRoutes().request('/jobs/42', { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not-found', message: 'no route for DELETE /jobs/42' },
    });
  });
});
