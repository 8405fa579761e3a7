import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import { createConflictHandler } from './conflict-handler.ts';
import { createDeviceDatabase } from './create-device-database.ts';
import type { DeviceStateEntry } from './device-state-entry.ts';

const base = {
  id: '0b6f3c9e-8f1a-4b7e-9c4d-2a1e5f6a7b8c',
  name: 'red',
  passes: 1,
  _deleted: false,
};
const at = () => new Date('2026-11-23T10:00:00.000Z');

describe('the conflict handler', () => {
  it('stores our version when it loses, and hands RxDB the server state', async () => {
    const stored: DeviceStateEntry[] = [];
    const handler = createConflictHandler('pens', async (e) => void stored.push(e), at);
    const ours = { ...base, passes: 2, _meta: { lwt: 1 }, _rev: '2-x' };
    const resolved = await handler.resolve(
      { assumedMasterState: base, realMasterState: base, newDocumentState: ours },
      'test',
    );
    expect(resolved).toEqual(base);
    expect(stored).toEqual([
      expect.objectContaining({
        kind: 'conflict',
        collectionName: 'pens',
        docId: base.id,
        ours: { ...base, passes: 2 },
        theirs: base,
        lostFields: ['passes'],
        at: '2026-11-23T10:00:00.000Z',
      }),
    ]);
  });

  it('stores nothing when the merge keeps all we wrote', async () => {
    const stored: DeviceStateEntry[] = [];
    const handler = createConflictHandler('pens', async (e) => void stored.push(e), at);
    const resolved = await handler.resolve(
      {
        assumedMasterState: base,
        realMasterState: { ...base, name: 'crimson' },
        newDocumentState: { ...base, passes: 2 },
      },
      'test',
    );
    expect(resolved).toEqual({ ...base, name: 'crimson', passes: 2 });
    expect(stored).toEqual([]);
  });

  it('keeps one loser record when RxDB resolves the same conflict twice', async () => {
    const db = await createDeviceDatabase({ storage: getRxStorageMemory(), name: 'loser-dedupe' });
    try {
      const input = {
        assumedMasterState: base,
        realMasterState: base,
        newDocumentState: { ...base, passes: 3 },
      };
      await db.pens.conflictHandler.resolve(input, 'test');
      await db.pens.conflictHandler.resolve(input, 'test');
      const losers = await db.device_state.find({ selector: { kind: 'conflict' } }).exec();
      expect(losers.map((l) => l.docId)).toEqual([base.id]);
    } finally {
      await db.close();
    }
  });
});
