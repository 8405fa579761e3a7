import {
  createDeviceDatabase,
  type DeviceDatabase,
} from '@fabdesk/sync/client/create-device-database.ts';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from './api-error.ts';
import type { FileServices, UploadAnswer } from './file-services.ts';
import { addToOutbox, readOutbox } from './outbox.ts';
import { createOutboxUploader } from './outbox-uploader.ts';
import type { Session } from './session.ts';

const session: Session = {
  baseUrl: 'http://fabdesk.test',
  token: 't',
  staff: { id: 's', name: 'Ada', role: 'admin' },
  workstation: { id: 'w', name: 'desk' },
};
const fields = { name: 'Poster', priority: 1, paper: null };
let n = 0;
const ids = {
  newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, n)),
};
const svg = (text: string) => ({
  name: `${text}.svg`,
  bytes: new TextEncoder().encode(`<svg>${text}</svg>`),
});

const open: DeviceDatabase[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});
async function device() {
  const db = await createDeviceDatabase({
    storage: getRxStorageMemory(),
    name: `outbox-${++n}`,
    collections: ['outbox'],
  });
  open.push(db);
  return db;
}

/** A server that answers from a script and records what it was sent. */
function server(answers: (UploadAnswer | 'offline')[]) {
  const sent: { names: string[]; texts: string[]; fields: unknown }[] = [];
  const files: FileServices = {
    async upload(_s, files, f) {
      const next = answers.shift() ?? 'offline';
      if (next === 'offline') throw new ApiError('offline', 'Cannot reach the server.');
      sent.push({
        names: files.map((x) => x.name),
        texts: await Promise.all(files.map((x) => x.data.text())),
        fields: f,
      });
      return next;
    },
    blob: () => Promise.reject(new Error('unused')),
    cancelRun: () => Promise.reject(new Error('unused')),
    startSvgWorker: () => {
      throw new Error('unused');
    },
  };
  return { files, sent };
}

describe('outbox uploader', () => {
  it('keeps files picked offline and uploads them as one job once the server answers', async () => {
    const db = await device();
    const net = server(['offline', { kind: 'created', jobId: 'job-1' }]);
    const uploader = createOutboxUploader({ db, session, files: net.files });
    const group = await addToOutbox(db, [svg('a'), svg('b')], fields, ids);

    const first = await uploader.drain();
    expect(first.get(group)).toEqual({ kind: 'waiting', message: 'Cannot reach the server.' });
    const [waiting] = await readOutbox(db);
    expect(waiting?.entries.map((e) => e.fileName)).toEqual(['a.svg', 'b.svg']);
    expect(waiting?.problem).toEqual({ kind: 'retrying', message: 'Cannot reach the server.' });
    expect(waiting?.attempts).toBe(1);

    expect((await uploader.drain()).get(group)).toEqual({ kind: 'created', jobId: 'job-1' });
    expect(net.sent).toEqual([
      { names: ['a.svg', 'b.svg'], texts: ['<svg>a</svg>', '<svg>b</svg>'], fields },
    ]);
    expect(await db.outbox.count().exec()).toBe(0);
  });

  it('keeps a duplicate or refused upload with its reason and does not send it again', async () => {
    const db = await device();
    const net = server([
      { kind: 'duplicate', jobId: 'job-9' },
      { kind: 'refused', message: 'Too big.' },
    ]);
    const uploader = createOutboxUploader({ db, session, files: net.files });
    const dup = await addToOutbox(db, [svg('same')], fields, ids);
    const big = await addToOutbox(db, [svg('big')], fields, ids);
    await uploader.drain();
    await uploader.drain();
    expect(net.sent).toHaveLength(2);
    const groups = await readOutbox(db);
    expect(groups.map((g) => [g.groupId, g.problem])).toEqual([
      [dup, { kind: 'duplicate', jobId: 'job-9' }],
      [big, { kind: 'refused', message: 'Too big.' }],
    ]);
  });

  it('never overlaps passes: a drain during a pass sends each job once', async () => {
    const db = await device();
    const net = server([{ kind: 'created', jobId: 'j' }]);
    const uploader = createOutboxUploader({ db, session, files: net.files });
    await addToOutbox(db, [svg('once')], fields, ids);
    await Promise.all([uploader.drain(), uploader.drain(), uploader.drain()]);
    expect(net.sent).toHaveLength(1);
  });
});
