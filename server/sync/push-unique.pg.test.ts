import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createMigrator } from '../db/migrator.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { newPen } from './pen-test-fixture.ts';
import { addDevice, syncHeaders, syncTestApp } from './sync-test-fixture.ts';
import type { Database } from '../db/database.ts';

type Doc = Record<string, unknown>;

let t: TestDatabase<Database>;
let app: ReturnType<typeof syncTestApp>;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  await createMigrator(t.db).latest();
  app = syncTestApp(t.db, new Map([['a', await addDevice(t.db, 'Ada')]]));
});
afterAll(() => t?.drop());

async function push(rows: { assumedMasterState: Doc | null; newDocumentState: Doc }[]) {
  const res = await app.request('/sync/pens/push', {
    method: 'POST',
    headers: syncHeaders('a'),
    body: JSON.stringify({ rows }),
  });
  return { status: res.status, body: (await res.json()) as Doc };
}

async function names(): Promise<string[]> {
  const res = await app.request('/sync/pens/pull?limit=100', { headers: syncHeaders('a') });
  const { documents } = (await res.json()) as { documents: Doc[] };
  return documents.map((d) => String(d.name)).sort();
}

it('a pen named like an active pen comes back as a duplicate conflict; the rest of its batch is written', async () => {
  const fine = newPen({ name: 'fine liner' });
  expect((await push([{ assumedMasterState: null, newDocumentState: fine }])).status).toBe(200);

  const twin = newPen({ name: 'fine liner' });
  const other = newPen({ name: 'brush pen' });
  const answer = await push([
    { assumedMasterState: null, newDocumentState: twin },
    { assumedMasterState: null, newDocumentState: other },
  ]);
  // Not a 500 (RxDB would retry it forever): a conflict, and the other pen is in.
  expect(answer).toEqual({
    status: 200,
    body: {
      conflicts: [{ ...twin, _deleted: true }],
      reasons: { [String(twin.id)]: 'duplicate' },
    },
  });
  expect(await names()).toEqual(['brush pen', 'fine liner']);

  // Renaming a pen to a taken name: the server's pen comes back unchanged.
  const rename = await push([
    {
      assumedMasterState: { ...other, _deleted: false },
      newDocumentState: { ...other, name: 'fine liner' },
    },
  ]);
  expect(rename.status).toBe(200);
  expect(rename.body.reasons).toEqual({ [String(other.id)]: 'duplicate' });
  expect(rename.body.conflicts).toEqual([
    expect.objectContaining({ id: other.id, name: 'brush pen' }),
  ]);
  expect(await names()).toEqual(['brush pen', 'fine liner']);
});
