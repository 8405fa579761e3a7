import { Job } from '@fabdesk/shared/models/job.ts';
import { newJob } from '@fabdesk/shared/models/new-job.ts';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { RxStorage } from 'rxdb';
import { replicateRxCollection } from 'rxdb/plugins/replication';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createDeviceDatabase,
  type DeviceCollectionDefinition,
  type DeviceDatabase,
} from './create-device-database.ts';
import type { DeviceDocument } from './device-document.ts';
import { DeviceDatabaseError } from './device-database-error.ts';
import { OUTBOX_FILE_ATTACHMENT, OutboxEntry } from './outbox-entry.ts';
import type { MigrationStep } from './rx-migrations.ts';
import { rxSchemaFromZod } from './rx-schema-from-zod.ts';
import { RX_SCHEMAS } from './rx-schemas.ts';

// An installed device at version 0 meets a release whose jobs and outbox schemas changed
// (version 1): a new field with a default on each and a new index on jobs, the kind of
// change the request workflow will bring. The variants are built here, not in the real
// schemas; everything else is the real createDeviceDatabase.

const JobV1 = Job.extend({ intakeChannel: z.enum(['desk', 'portal']) });
const toJobV1: MigrationStep = (job) => ({ ...job, intakeChannel: 'desk' });
const jobsV1 = (step: MigrationStep = toJobV1): DeviceCollectionDefinition => ({
  zod: JobV1,
  rx: rxSchemaFromZod(JobV1, {
    primaryKey: 'id',
    version: 1,
    indexes: [...(RX_SCHEMAS.jobs.indexes as string[][]), ['intakeChannel', 'createdAt']],
  }),
  steps: { 1: step },
});

const OutboxV1 = OutboxEntry.extend({ uploadedBytes: z.int().min(0) });
const outboxV1: DeviceCollectionDefinition = {
  zod: OutboxV1,
  rx: rxSchemaFromZod(OutboxV1, {
    primaryKey: 'id',
    version: 1,
    indexes: [['createdAt']],
    attachments: true,
  }),
  steps: { 1: (entry) => ({ ...entry, uploadedBytes: 0 }) },
};

const ids = {
  edited: '0a1b2c3d-0000-4000-8000-000000000001',
  created: '0a1b2c3d-0000-4000-8000-000000000002',
  untouched: '0a1b2c3d-0000-4000-8000-000000000003',
  deleted: '0a1b2c3d-0000-4000-8000-000000000004',
  outbox: '0a1b2c3d-0000-4000-8000-0000000000f1',
};
const at = new Date('2026-12-01T09:00:00.000Z');
const job = (id: string, name: string): DeviceDocument =>
  newJob({ id, name, priority: 1, dueAt: null, notes: null, now: at });
const outboxEntry = {
  id: ids.outbox,
  jobId: null,
  fileName: 'voronoi.svg',
  mediaType: 'image/svg+xml',
  sizeBytes: 6,
  createdAt: at.toISOString(),
  attempts: 2,
  lastError: 'offline',
};

/** Strips what RxDB adds, to compare documents by their fields. */
function fields(doc: DeviceDocument | undefined): DeviceDocument | undefined {
  if (!doc) return doc;
  return Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith('_')));
}

/**
 * A stand-in for the sync server's jobs: pull by sequence, push accepted while online
 * (every accepted row recorded), refused with an error while offline.
 */
function fakeServer(initial: DeviceDocument[]) {
  const docs = new Map<string, { seq: number; doc: DeviceDocument }>();
  let seq = 0;
  const put = (doc: DeviceDocument) => docs.set(String(doc.id), { seq: ++seq, doc });
  for (const doc of initial) put(doc);
  const pushes: { assumed: DeviceDocument | undefined; doc: DeviceDocument }[] = [];
  let online = true;
  return {
    pushes,
    doc: (id: string) => docs.get(id)?.doc,
    setOnline(value: boolean) {
      online = value;
    },
    /** The server's own migration: every row converted in place (no new sequence). */
    migrate(step: (doc: DeviceDocument) => DeviceDocument) {
      for (const entry of docs.values()) entry.doc = step(entry.doc);
    },
    replicate(db: DeviceDatabase) {
      return replicateRxCollection<DeviceDocument, { seq: number }>({
        collection: db.jobs,
        // Stored with the database: the second session resumes where the first stopped.
        replicationIdentifier: 'upgrade-test-jobs',
        live: true,
        retryTime: 60_000,
        waitForLeadership: false,
        pull: {
          async handler(checkpoint, batchSize) {
            if (!online) throw new Error('offline');
            const after = checkpoint?.seq ?? 0;
            const page = [...docs.values()]
              .filter((e) => e.seq > after)
              .sort((a, b) => a.seq - b.seq)
              .slice(0, batchSize);
            return {
              documents: page.map((e) => ({ ...e.doc, _deleted: e.doc._deleted === true })),
              checkpoint: { seq: page.at(-1)?.seq ?? after },
            };
          },
        },
        push: {
          async handler(rows) {
            if (!online) throw new Error('offline');
            for (const row of rows) {
              pushes.push({ assumed: fields(row.assumedMasterState), doc: row.newDocumentState });
              put(row.newDocumentState);
            }
            return [];
          },
        },
      });
    },
  };
}

const open: DeviceDatabase[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

describe.each<[string, () => RxStorage<unknown, unknown>]>([
  ['memory', () => getRxStorageMemory()],
  ['dexie over fake-indexeddb', () => getRxStorageDexie({ indexedDB, IDBKeyRange })],
])('an installed device upgrades to a new schema version (%s storage)', (storageName, storage) => {
  let count = 0;
  const deviceName = () => `upgrade-${storageName.slice(0, 5)}-${++count}`;
  const openDevice = async (
    name: string,
    definitions?: Partial<Record<'jobs' | 'outbox', DeviceCollectionDefinition>>,
  ) => {
    const db = await createDeviceDatabase({
      storage: storage(),
      name,
      collections: ['jobs', 'outbox'],
      ...(definitions ? { definitions } : {}),
    });
    open.push(db);
    return db;
  };
  const close = async (db: DeviceDatabase) => {
    open.splice(open.indexOf(db), 1);
    await db.close();
  };

  it('keeps every document, converted, with unpushed edits, a deletion and the outbox file', async () => {
    const name = deviceName();
    const server = fakeServer([
      job(ids.edited, 'Edited offline'),
      job(ids.untouched, 'Untouched'),
      job(ids.deleted, 'Deleted offline'),
    ]);

    // Version 0: pull the server's jobs, then go offline and change things.
    const before = await openDevice(name);
    const first = server.replicate(before);
    await first.awaitInSync();
    expect(await before.jobs.count().exec()).toBe(3);
    server.setOnline(false);
    const edited = await before.jobs.findOne(ids.edited).exec();
    await edited?.incrementalPatch({
      notes: 'offline note',
      updatedAt: '2026-12-01T10:00:00.000Z',
    });
    await before.jobs.insert(job(ids.created, 'Created offline'));
    await (await before.jobs.findOne(ids.deleted).exec())?.remove();
    const entry = await before.outbox.insert(outboxEntry);
    await entry.putAttachment({
      id: OUTBOX_FILE_ATTACHMENT,
      data: new Blob(['<svg/>']),
      type: 'image/svg+xml',
    });
    await first.cancel();
    await close(before);
    expect(server.pushes).toEqual([]);

    // The new release: the server migrates its rows, the device its documents.
    server.migrate((doc) => ({ ...doc, intakeChannel: 'desk' }));
    const after = await openDevice(name, { jobs: jobsV1(), outbox: outboxV1 });

    const jobs = await after.jobs.find({ sort: [{ createdAt: 'asc' }, { id: 'asc' }] }).exec();
    expect(jobs.map((j) => j.primary).sort()).toEqual(
      [ids.edited, ids.created, ids.untouched].sort(),
    );
    for (const j of jobs) expect(JobV1.parse(fields(j.toJSON()))).toBeTruthy();
    expect((await after.jobs.findOne(ids.edited).exec())?.toJSON()).toMatchObject({
      notes: 'offline note',
      intakeChannel: 'desk',
    });
    // The new index answers.
    const desk = await after.jobs
      .find({ selector: { intakeChannel: 'desk' }, sort: [{ createdAt: 'asc' }] })
      .exec();
    expect(desk).toHaveLength(3);

    const kept = await after.outbox.findOne(ids.outbox).exec();
    expect(fields(kept?.toJSON() as DeviceDocument)).toEqual({ ...outboxEntry, uploadedBytes: 0 });
    expect(await kept?.getAttachment(OUTBOX_FILE_ATTACHMENT)?.getStringData()).toBe('<svg/>');

    // Back online: exactly the three local changes are pushed, each against the
    // server's version as converted (so no false conflict); the untouched job is not.
    server.setOnline(true);
    const second = server.replicate(after);
    await second.awaitInSync();
    await second.cancel();
    const pushed = new Map(server.pushes.map((p) => [String(p.doc.id), p]));
    expect([...pushed.keys()].sort()).toEqual([ids.edited, ids.created, ids.deleted].sort());
    expect(pushed.get(ids.edited)?.assumed).toEqual({
      ...job(ids.edited, 'Edited offline'),
      intakeChannel: 'desk',
    });
    expect(pushed.get(ids.edited)?.doc).toMatchObject({
      notes: 'offline note',
      intakeChannel: 'desk',
    });
    expect(pushed.get(ids.created)?.assumed).toBeUndefined();
    expect(pushed.get(ids.created)?.doc).toMatchObject({ intakeChannel: 'desk' });
    expect(pushed.get(ids.deleted)?.doc._deleted).toBe(true);
    expect(server.doc(ids.edited)).toMatchObject({ notes: 'offline note' });
  });

  it('a step that fails keeps the data at version 0; a fixed step then converts it all', async () => {
    const name = deviceName();
    const before = await openDevice(name);
    await before.jobs.bulkInsert([job(ids.edited, 'Fine'), job(ids.created, 'Odd')]);
    await before.outbox.insert(outboxEntry);
    await close(before);

    const fails: MigrationStep = (doc) => {
      if (doc.name === 'Odd') throw new Error(`cannot convert job ${String(doc.id)}`);
      return toJobV1(doc);
    };
    const failed = openDevice(name, { jobs: jobsV1(fails), outbox: outboxV1 });
    await expect(failed).rejects.toBeInstanceOf(DeviceDatabaseError);
    await expect(failed).rejects.toMatchObject({
      code: 'migration-failed',
      collection: 'jobs',
      message: expect.stringContaining(`cannot convert job ${ids.created}`),
    });

    // A step that returns nothing would drop the document: refused the same way.
    const drops = ((doc: DeviceDocument) =>
      doc.name === 'Odd' ? null : toJobV1(doc)) as unknown as MigrationStep;
    await expect(openDevice(name, { jobs: jobsV1(drops), outbox: outboxV1 })).rejects.toThrow(
      `jobs ${ids.created}: the migration step to version 1 returned no document`,
    );

    // A step whose document does not fit the new schema: refused too.
    const unfit: MigrationStep = (doc) => ({ ...doc, intakeChannel: 'fax' });
    await expect(openDevice(name, { jobs: jobsV1(unfit), outbox: outboxV1 })).rejects.toThrow(
      /jobs .*: migrated to version 1, intakeChannel: /,
    );

    const fixed = await openDevice(name, { jobs: jobsV1(), outbox: outboxV1 });
    const jobs = await fixed.jobs.find().exec();
    expect(jobs.map((j) => [j.get('name'), j.get('intakeChannel')]).sort()).toEqual([
      ['Fine', 'desk'],
      ['Odd', 'desk'],
    ]);
    expect(await fixed.outbox.count().exec()).toBe(1);
  });

  it('a schema changed at the same version is refused by name, and the data is untouched', async () => {
    const name = deviceName();
    const before = await openDevice(name);
    await before.jobs.insert(job(ids.edited, 'Kept'));
    await close(before);

    const sameVersion = { ...jobsV1(), rx: { ...jobsV1().rx, version: 0 } };
    const refused = openDevice(name, { jobs: sameVersion });
    await expect(refused).rejects.toMatchObject({ code: 'schema-changed', collection: 'jobs' });
    await expect(refused).rejects.toThrow(/without raising its version/);

    const again = await openDevice(name);
    expect((await again.jobs.findOne(ids.edited).exec())?.get('name')).toBe('Kept');
  });
});
