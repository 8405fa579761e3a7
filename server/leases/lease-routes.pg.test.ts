import { JobLease } from '@fabdesk/shared/models/job-lease.ts';
import type { Hono } from 'hono';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createApp } from '../app.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import { createMigrator } from '../db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { createLogger } from '../logger.ts';
import { testAuth } from './test-auth.ts';
import { insertTestJob } from './test-job.ts';

let database: TestDatabase<unknown>;
let app: Hono;
beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  const migrator = createMigrator(database.db);
  await migrator.latest();
  // The real app (its onError turns errors into JSON, it mounts the lease routes) with a
  // stand-in for the auth middleware: the test names the caller in a header.
  app = createApp({
    db: database.db,
    migrator,
    version: 'test',
    logger: createLogger('error', { out: () => {}, err: () => {} }),
    authenticate: async (c, next) => {
      const who = c.req.header('x-test-auth');
      if (who) c.set('auth', JSON.parse(who) as AuthContext);
      await next();
    },
  });
});
afterAll(async () => {
  await database?.drop();
});

const ada = testAuth('Ada');
const bo = testAuth('Bo');
const admin = testAuth('Root', 'admin');

function post(path: string, auth: AuthContext | undefined, body?: unknown) {
  return app.request(path, {
    method: 'POST',
    headers: auth ? { 'x-test-auth': JSON.stringify(auth) } : {},
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('lease routes', () => {
  test('acquire answers the lease with the default 120 s TTL; another device gets 409 lease-held', async () => {
    const jobId = await insertTestJob(database.db);
    const response = await post(`/leases/${jobId}/acquire`, ada);
    expect(response.status).toBe(200);
    const lease = JobLease.parse(await response.json());
    expect(lease).toMatchObject({ jobId, holderName: 'Ada', fencingToken: 1 });
    expect(Date.parse(lease.expiresAt!) - Date.parse(lease.acquiredAt!)).toBe(120_000);

    const refused = await post(`/leases/${jobId}/acquire`, bo, { ttlSeconds: 30 });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({
      error: { code: 'lease-held', message: `held by Ada until ${lease.expiresAt}` },
    });
  });

  test('renew and release by the holder; renew by another is 409', async () => {
    const jobId = await insertTestJob(database.db);
    await post(`/leases/${jobId}/acquire`, ada, { ttlSeconds: 10 });
    const renewed = await post(`/leases/${jobId}/renew`, ada, { ttlSeconds: 3600 });
    const lease = JobLease.parse(await renewed.json());
    const { rows } = await sql<{ left_s: number }>`select extract(epoch from
      ${lease.expiresAt}::timestamptz - now())::float8 as left_s`.execute(database.db);
    expect(rows[0]!.left_s).toBeGreaterThan(3500);
    expect((await post(`/leases/${jobId}/renew`, bo)).status).toBe(409);
    const released = await post(`/leases/${jobId}/release`, ada);
    expect(released.status).toBe(200);
    expect(await released.json()).toMatchObject({ holderWorkstationId: null, fencingToken: 1 });
  });

  test('force-release: 403 for staff, 200 for an admin', async () => {
    const jobId = await insertTestJob(database.db);
    await post(`/leases/${jobId}/acquire`, ada);
    const refused = await post(`/leases/${jobId}/force-release`, bo);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'forbidden' } });
    const forced = await post(`/leases/${jobId}/force-release`, admin);
    expect(forced.status).toBe(200);
    expect(await forced.json()).toMatchObject({ holderWorkstationId: null });
  });

  test('bad input: TTL over an hour, a malformed body or job id is 400; an unknown job 404', async () => {
    const jobId = await insertTestJob(database.db);
    expect((await post(`/leases/${jobId}/acquire`, ada, { ttlSeconds: 3601 })).status).toBe(400);
    expect((await post(`/leases/${jobId}/acquire`, ada, { ttlSeconds: 1.5 })).status).toBe(400);
    expect((await post(`/leases/${jobId}/acquire`, ada, { ttl: 5 })).status).toBe(400);
    const broken = await app.request(`/leases/${jobId}/acquire`, {
      method: 'POST',
      headers: { 'x-test-auth': JSON.stringify(ada) },
      body: '{nope',
    });
    expect(broken.status).toBe(400);
    expect((await post('/leases/not-a-uuid/acquire', ada)).status).toBe(400);
    const missing = await post(`/leases/${crypto.randomUUID()}/acquire`, ada);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not-found' } });
  });

  test('without an auth context the routes refuse with 401', async () => {
    const jobId = await insertTestJob(database.db);
    const response = await post(`/leases/${jobId}/acquire`, undefined);
    expect(response.status).toBe(401);
  });
});
