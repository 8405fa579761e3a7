import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createApp } from '../app.ts';
import type { AuthContext, AuthEnv } from '../auth/auth-context.ts';
import { createMigrator } from '../db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { acquireLease } from '../leases/acquire-lease.ts';
import { testAuth } from '../leases/test-auth.ts';
import { insertTestJob } from '../leases/test-job.ts';
import { listen } from '../listen.ts';
import { createLogger } from '../logger.ts';
import { type ChangeHub, startChangeHub } from './change-hub.ts';
import { readSse } from './sse-test-reader.ts';
import { createStreamRoutes } from './stream-routes.ts';

const logger = createLogger('error', { out: () => {}, err: () => {} });
let database: TestDatabase<unknown>;
let hub: ChangeHub;
let app: Hono;
const ada = testAuth('Ada');

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  const migrator = createMigrator(database.db);
  await migrator.latest();
  hub = await startChangeHub({ url: database.url, db: database.db, logger, safetyNetMs: 60_000 });
  app = createApp({ db: database.db, migrator, version: 'test', logger });
  // A stand-in for requireAuth: the test names the caller in a header.
  const authed = new Hono<AuthEnv>();
  authed.use(async (c, next) => {
    const who = c.req.header('x-test-auth');
    if (who) c.set('auth', JSON.parse(who) as AuthContext);
    await next();
  });
  authed.route('/', createStreamRoutes(hub, { heartbeatMs: 100 }));
  app.route('/', authed);
});
afterAll(async () => {
  await hub?.close();
  await database?.drop();
});

function open(auth: AuthContext | null = ada) {
  return app.request('/sync/stream', {
    headers: auth ? { 'x-test-auth': JSON.stringify(auth) } : {},
  });
}

async function subscribersBecome(count: number) {
  const until = Date.now() + 2000;
  while (hub.subscriberCount !== count && Date.now() < until)
    await new Promise((r) => setTimeout(r, 10));
  return hub.subscriberCount;
}

describe('GET /sync/stream', () => {
  test('opens with resync, then hints each committed change as a StreamHint', async () => {
    const response = await open();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const sse = readSse(response);
    expect((await sse.next()).event).toBe('resync');
    const jobId = await insertTestJob(database.db);
    await acquireLease(database.db, { jobId, auth: ada, ttlSeconds: 60 });
    const change = await sse.nextOf('change');
    // The lease and its audit event commit together: one hint names both.
    expect(JSON.parse(change.data).collections.sort()).toEqual(['events', 'leases']);
    await sse.cancel();
  });

  test('sends a heartbeat while idle', async () => {
    const sse = readSse(await open());
    expect((await sse.next()).event).toBe('resync');
    expect(await sse.nextOf('heartbeat', 1000)).toEqual({ event: 'heartbeat', data: '{}' });
    await sse.cancel();
  });

  test('every tab that goes away unsubscribes: the count returns to 0', async () => {
    expect(await subscribersBecome(0)).toBe(0);
    const tabs = await Promise.all([open(), open(), open()].map(async (r) => readSse(await r)));
    for (const tab of tabs) expect((await tab.next()).event).toBe('resync');
    expect(hub.subscriberCount).toBe(3);
    await tabs[0]!.cancel();
    expect(await subscribersBecome(2)).toBe(2);
    await Promise.all(tabs.slice(1).map((t) => t.cancel()));
    expect(await subscribersBecome(0)).toBe(0);
  });

  test('over real HTTP, a browser closing the connection unsubscribes its stream', async () => {
    expect(await subscribersBecome(0)).toBe(0);
    const server = await listen(app.fetch, '127.0.0.1', 0);
    try {
      const { port } = server.address() as AddressInfo;
      const tab = new AbortController();
      const response = await fetch(`http://127.0.0.1:${port}/sync/stream`, {
        headers: { 'x-test-auth': JSON.stringify(ada) },
        signal: tab.signal,
      });
      const sse = readSse(response);
      expect((await sse.next()).event).toBe('resync');
      expect(hub.subscriberCount).toBe(1);
      tab.abort();
      await sse.next(500).catch(() => {});
      expect(await subscribersBecome(0)).toBe(0);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  test('refuses a request without an auth context (401)', async () => {
    const response = await open(null);
    expect(response.status).toBe(401);
    expect(hub.subscriberCount).toBe(0);
  });

  test('as mounted in the app, the stream sits behind requireAuth: no device token, 401', async () => {
    const mounted = createApp({
      db: database.db,
      migrator: createMigrator(database.db),
      version: 'test',
      logger,
      changeHub: hub,
    });
    const response = await mounted.request('/sync/stream');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect(hub.subscriberCount).toBe(0);
  });

  test('as mounted in the app, an authenticated tab gets the stream', async () => {
    const mounted = createApp({
      db: database.db,
      migrator: createMigrator(database.db),
      version: 'test',
      logger,
      changeHub: hub,
      authenticate: async (c, next) => {
        c.set('auth', ada);
        await next();
      },
    });
    const sse = readSse(await mounted.request('/sync/stream'));
    expect((await sse.next()).event).toBe('resync');
    await sse.cancel();
  });

  test('closing the hub ends open streams', async () => {
    const own = await startChangeHub({ url: database.url, db: database.db, logger });
    const local = new Hono<AuthEnv>();
    local.use(async (c, next) => {
      c.set('auth', ada);
      await next();
    });
    local.route('/', createStreamRoutes(own));
    const sse = readSse(await local.request('/sync/stream'));
    expect((await sse.next()).event).toBe('resync');
    await own.close();
    await expect(sse.next(1000)).rejects.toThrow('the stream ended');
  });
});
