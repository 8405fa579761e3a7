import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Insertable, Kysely } from 'kysely';
import { filter, firstValueFrom } from 'rxjs';
import { freePort } from '../scripts/free-port.ts';
import { ENTITY_TABLES } from '../server/db/entity-tables.ts';
import { createMigrator } from '../server/db/migrator.ts';
import { startEmbeddedPostgres } from '../server/db/start-embedded-postgres.ts';
import { createTestDatabase } from '../server/db/test-database.ts';
import { type LiveDevice, openLiveDevice } from '../server/sync/live-sync-device.ts';
import { pairNewDevice, startLiveSyncServer } from '../server/sync/live-sync-server.ts';
import { newPen } from '../server/sync/pen-test-fixture.ts';
import { entityToRow } from '../server/sync/row-mapping.ts';
import { atLeast, atMost, type Figure, printFigures } from './figure.ts';
import { seedJobs } from './seed-jobs.ts';
import type { Database, EventsTable } from '../server/db/database.ts';

const JOBS = 10_000;
const EVENTS = 50_000;
const PUSHED_PENS = 5_000;
const EDITS = 200;

/**
 * `npm run bench -- sync [--json]`: one real server (real auth, sync, stream) on Postgres
 * (DATABASE_URL's server, or an embedded cluster in a temp dir) and RxDB clients in
 * memory: initial pull of 10,000 jobs + 50,000 events into a fresh device, push of 5,000
 * pens from one device, and live propagation between two devices over 200 edits.
 */
export async function runSyncBench(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const log = (line: string) => {
    if (!json) console.log(line);
  };
  const cluster = await openPostgres(log);
  const database = await createTestDatabase<Database>(cluster.adminUrl);
  const figures: Figure[] = [];
  try {
    await createMigrator(database.db).latest();
    const server = await startLiveSyncServer(database.url, { maxConnections: 10 });
    try {
      const staff = await pairNewDevice(server, 'bench');
      const device = (collections: ('jobs' | 'events' | 'pens')[], liveStream: boolean) =>
        openLiveDevice({
          baseUrl: server.baseUrl,
          token: staff.token,
          collections,
          liveStream,
          pullBatchSize: 2000,
          pushBatchSize: 500,
        });

      log(`seeding ${JOBS} jobs and ${EVENTS} events in SQL…`);
      await seed(database.db);

      // 1. Initial sync into a fresh device.
      const fresh = await device(['jobs', 'events'], false);
      const t0 = performance.now();
      await fresh.online().awaitInSync();
      const pullS = (performance.now() - t0) / 1000;
      const pulled = (await fresh.db.jobs.count().exec()) + (await fresh.db.events.count().exec());
      if (pulled !== JOBS + EVENTS) throw new Error(`pulled ${pulled} of ${JOBS + EVENTS}`);
      await fresh.close();
      figures.push(atLeast('initial pull', pulled / pullS, 'documents/s', 5000));
      log(`initial pull: ${pulled} documents in ${pullS.toFixed(1)} s`);

      // 2. Push throughput: pens written offline, then one device goes online.
      const pusher = await device(['pens'], false);
      await pusher.db.pens.bulkInsert(
        Array.from({ length: PUSHED_PENS }, (_, i) => newPen({ name: `bench pen ${i}` })),
      );
      const t1 = performance.now();
      await pusher.online().replications.pens!.awaitInSync();
      const pushS = (performance.now() - t1) / 1000;
      const onServer = await database.db
        .selectFrom('pens')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      if (Number(onServer.n) !== PUSHED_PENS)
        throw new Error(`the server has ${onServer.n} of ${PUSHED_PENS} pens`);
      await pusher.close();
      figures.push(atLeast('push', PUSHED_PENS / pushS, 'documents/s', 2000));
      log(`push: ${PUSHED_PENS} pens in ${pushS.toFixed(1)} s`);

      // 3. Live propagation: A edits, B sees it through the stream (B never polls).
      const [a, b] = [await device(['pens'], false), await device(['pens'], true)];
      const latencies = await propagation(a, b);
      await a.close();
      await b.close();
      figures.push(atMost('live p50', percentile(latencies, 0.5), 'ms', 50));
      figures.push(atMost('live p95', percentile(latencies, 0.95), 'ms', 150));
    } finally {
      await server.close();
    }
  } finally {
    await database.drop();
    await cluster.stop();
  }
  printFigures(figures, json);
}

async function propagation(a: LiveDevice, b: LiveDevice): Promise<number[]> {
  const subject = newPen({ name: `live pen ${randomUUID()}` });
  await a.db.pens.insert(subject);
  await a.online().awaitInSync();
  const bSync = b.online();
  await bSync.awaitInSync();
  await firstValueFrom(b.db.pens.findOne(String(subject.id)).$.pipe(filter((d) => d !== null)));
  const latencies: number[] = [];
  for (let i = 1; i <= EDITS; i++) {
    const name = `edit ${i}`;
    const seen = firstValueFrom(
      b.db.pens.findOne(String(subject.id)).$.pipe(filter((d) => d?.get('name') === name)),
    );
    const doc = await a.db.pens.findOne(String(subject.id)).exec();
    const t0 = performance.now();
    await doc!.incrementalPatch({ name, updatedAt: new Date().toISOString() });
    await seen;
    latencies.push(performance.now() - t0);
  }
  return latencies;
}

/** 10,000 jobs (one layer each) and 50,000 events, inserted in bulk; sync_seq from the column default. */
async function seed(db: Kysely<Database>) {
  const jobIds = await seedJobs(db, JOBS, (i) => ({
    name: `bench job ${i}`,
    notes: 'seeded for the sync bench',
  }));
  const now = new Date().toISOString();
  for (let start = 0; start < EVENTS; start += 5000) {
    const events = Array.from({ length: Math.min(5000, EVENTS - start) }, (_, i) => ({
      id: randomUUID(),
      jobId: jobIds[(start + i) % jobIds.length]!,
      type: 'StatusChanged',
      details: { from: 'NEW', to: 'QUEUED', action: null },
      triggeredBy: null,
      triggeredByName: 'bench',
      workstationId: null,
      occurredAt: now,
      receivedAt: now,
    }));
    await db
      .insertInto('events')
      .values(events.map((e) => entityToRow(ENTITY_TABLES.event, e)) as Insertable<EventsTable>[])
      .execute();
  }
}

/** DATABASE_URL's server when set; otherwise an embedded cluster in a fresh temp dir. */
async function openPostgres(
  log: (line: string) => void,
): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  const external = process.env.DATABASE_URL;
  if (external) return { adminUrl: external, stop: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'fabdesk-bench-'));
  // The postgres system user (when we run as root) must be able to enter it.
  await chmod(dir, 0o755);
  log(`starting an embedded Postgres in ${dir}…`);
  const cluster = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port: await freePort() });
  return {
    adminUrl: cluster.url,
    stop: async () => {
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}
