import type { ReplicatedCollection } from '@fabdesk/sync/collections.ts';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createMigrator } from '../db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { createLogger } from '../logger.ts';
import { lockCollection, notifyChange } from '../sync/write-lock.ts';
import { type ChangeHub, startChangeHub } from './change-hub.ts';

const logger = createLogger('error', { out: () => {}, err: () => {} });
let database: TestDatabase<unknown>;
const hubs: ChangeHub[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgAdminUrl'));
  await createMigrator(database.db).latest();
});
afterAll(async () => {
  for (const hub of hubs) await hub.close();
  await database?.drop();
});

async function hub(options: { safetyNetMs?: number } = {}) {
  const started = await startChangeHub({
    url: database.url,
    db: database.db,
    logger,
    safetyNetMs: options.safetyNetMs ?? 60_000,
    minBackoffMs: 20,
  });
  hubs.push(started);
  return started;
}

/** Resolves with the first hint that names `collection`. */
function hintFor(changeHub: ChangeHub, collection: ReplicatedCollection, timeoutMs = 3000) {
  return new Promise<readonly ReplicatedCollection[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no hint for ${collection} within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = changeHub.subscribe((collections) => {
      if (!collections.includes(collection)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(collections);
    });
  });
}

/** A pens write as the sync writer does it: lock, sequence, notify, commit. */
async function writePen(notify: boolean) {
  await database.db.transaction().execute(async (trx) => {
    await lockCollection(trx, 'pens');
    await sql`insert into pens (id, name, sync_seq) values (${randomUUID()}, ${`pen ${randomUUID()}`},
      nextval('sync_seq'))`.execute(trx);
    if (notify) await notifyChange(trx, 'pens');
  });
}

describe('ChangeHub', () => {
  test('two hubs (two server processes) on one database both hear a change committed elsewhere', async () => {
    const [one, two] = [await hub(), await hub()];
    const heardByOne = hintFor(one, 'pens');
    const heardByTwo = hintFor(two, 'pens');
    await writePen(true);
    expect(await heardByOne).toEqual(['pens']);
    expect(await heardByTwo).toEqual(['pens']);
  });

  test('collections notified by one transaction arrive as one hint', async () => {
    const changeHub = await hub();
    const heard = hintFor(changeHub, 'jobs');
    await database.db.transaction().execute(async (trx) => {
      await notifyChange(trx, 'jobs');
      await notifyChange(trx, 'leases');
      await notifyChange(trx, 'events');
    });
    expect([...(await heard)].sort()).toEqual(['events', 'jobs', 'leases']);
  });

  test('nothing is hinted before the transaction commits, and nothing if it rolls back', async () => {
    const changeHub = await hub();
    const seen: string[] = [];
    const unsubscribe = changeHub.subscribe((c) => seen.push(...c));
    await database.db
      .transaction()
      .execute(async (trx) => {
        await notifyChange(trx, 'papers');
        throw new Error('roll back');
      })
      .catch(() => {});
    await new Promise((r) => setTimeout(r, 200));
    unsubscribe();
    expect(seen).not.toContain('papers');
  });

  test('the safety net delivers a change written without NOTIFY', async () => {
    const changeHub = await hub({ safetyNetMs: 150 });
    await new Promise((r) => setTimeout(r, 300)); // the baseline check has run
    const heard = hintFor(changeHub, 'pens', 2000);
    await writePen(false);
    expect(await heard).toContain('pens');
  });

  test('without the safety net, a change written without NOTIFY is not hinted (the net is what delivers it)', async () => {
    const changeHub = await hub({ safetyNetMs: 60_000 });
    await expect(
      (async () => {
        const heard = hintFor(changeHub, 'pens', 500);
        await writePen(false);
        return heard;
      })(),
    ).rejects.toThrow(/no hint/);
  });

  test('when its connection is cut it reconnects, hints everything, and hears later changes', async () => {
    const changeHub = await hub();
    const pid = changeHub.listenerPid;
    expect(pid).toBeTypeOf('number');
    const everything = hintFor(changeHub, 'settings', 5000);
    await sql`select pg_terminate_backend(${pid}::int)`.execute(database.db);
    expect(await everything).toHaveLength(10);
    expect(changeHub.listenerPid).not.toBe(pid);
    const heard = hintFor(changeHub, 'pens');
    await writePen(true);
    expect(await heard).toEqual(['pens']);
  });

  test('close ends subscriptions and the hub signal', async () => {
    const changeHub = await startChangeHub({ url: database.url, db: database.db, logger });
    changeHub.subscribe(() => {});
    expect(changeHub.subscriberCount).toBe(1);
    await changeHub.close();
    expect(changeHub.subscriberCount).toBe(0);
    expect(changeHub.signal.aborted).toBe(true);
  });
});
