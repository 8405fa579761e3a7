import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { COLLECTION_RULES } from '@fabdesk/sync/collection-rules.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import { createMigrator } from '../db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { pullCollection } from './pull-collection.ts';
import { pushCollection } from './push-collection.ts';
import { SYNC_TABLES } from './sync-tables.ts';
import { addDevice } from './sync-test-fixture.ts';
import { lockCollection } from './write-lock.ts';
import type { Database } from '../db/database.ts';

let t: TestDatabase<Database>;
let auth: AuthContext;
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  await createMigrator(t.db).latest();
  auth = await addDevice(t.db, 'Ada');
});
afterAll(() => t?.drop());

const pen = (name: string) => ({
  id: randomUUID(),
  name,
  widthMm: 0.5,
  speedCapMmS: null,
  pressure: null,
  passes: 1,
  colorHex: '#112233',
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  retiredAt: null,
  _deleted: false,
});

describe('pull checkpoints', () => {
  it('never skips a row whose transaction commits after a later-started one', async () => {
    const table = SYNC_TABLES.pens;
    const start = (await pullCollection(t.db, table, 0, 100)).checkpoint?.seq ?? 0;

    // Writer 1 takes the pens lock and its sequence number, then stalls before committing.
    let release!: () => void;
    const stalled = new Promise<void>((r) => {
      release = r;
    });
    let locked!: () => void;
    const hasLock = new Promise<void>((r) => {
      locked = r;
    });
    const first = pen('slow pen');
    const writer1 = t.db.transaction().execute(async (trx) => {
      await lockCollection(trx, 'pens');
      await trx
        .insertInto('pens')
        .values({ id: first.id, name: first.name, width_mm: 0.5, passes: 1, color_hex: '#112233' })
        .execute();
      locked();
      await stalled;
    });
    await hasLock;

    // Writer 2 pushes through the real path meanwhile; a pull in between sees neither.
    const second = pen('quick pen');
    const writer2 = pushCollection(t.db, auth, table, COLLECTION_RULES.pens, [
      { assumedMasterState: null, newDocumentState: second },
    ]);
    await new Promise((r) => setTimeout(r, 100));
    const during = await pullCollection(t.db, table, start, 100);
    expect(during.documents).toEqual([]);

    release();
    await writer1;
    await writer2;
    const after = await pullCollection(t.db, table, start, 100);
    expect(after.documents.map((d) => d.name)).toEqual(['slow pen', 'quick pen']);
  });

  it('pages through a collection in sequence order and returns tombstones', async () => {
    const table = SYNC_TABLES.pens;
    const docs = Array.from({ length: 7 }, (_, i) => pen(`pen ${i}`));
    await pushCollection(
      t.db,
      auth,
      table,
      COLLECTION_RULES.pens,
      docs.map((d) => ({ assumedMasterState: null, newDocumentState: d })),
    );
    const deleted = {
      ...docs[2]!,
      _deleted: true,
      updatedAt: new Date(Date.now() + 5).toISOString(),
    };
    await pushCollection(t.db, auth, table, COLLECTION_RULES.pens, [
      { assumedMasterState: docs[2]!, newDocumentState: deleted },
    ]);
    const seen: Record<string, unknown>[] = [];
    let seq = 0;
    for (;;) {
      const page = await pullCollection(t.db, table, seq, 3);
      if (!page.checkpoint) break;
      expect(page.checkpoint.seq).toBeGreaterThan(seq);
      seq = page.checkpoint.seq;
      seen.push(...page.documents);
    }
    const names = seen.map((d) => d.name);
    expect(names.slice(-7)).toEqual([
      'pen 0',
      'pen 1',
      'pen 3',
      'pen 4',
      'pen 5',
      'pen 6',
      'pen 2',
    ]);
    expect(seen.at(-1)).toMatchObject({ name: 'pen 2', _deleted: true });
  });
});
