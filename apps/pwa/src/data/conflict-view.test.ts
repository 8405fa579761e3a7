import type { DeviceStateEntry } from '@fabdesk/sync/client/device-state-entry.ts';
import { describe, expect, it } from 'vitest';
import { conflictView } from './conflict-view.ts';

const entry: DeviceStateEntry = {
  id: 'conflict:pens:p1:abc',
  kind: 'conflict',
  collectionName: 'pens',
  docId: 'p1',
  ours: { id: 'p1', name: 'Fineliner blue', widthMm: 0.3, colorHex: null },
  theirs: { id: 'p1', name: 'Fineliner navy', widthMm: 0.3, colorHex: '#000080' },
  lostFields: ['name'],
  data: null,
  at: '2026-11-23T09:00:00.000Z',
};

describe('conflictView', () => {
  it('lists only the lost fields, ours beside what the device keeps now', () => {
    const view = conflictView(entry, { ...entry.theirs, name: 'Fineliner black' });
    expect(view.title).toBe('Fineliner blue');
    expect(view.differences).toEqual([
      { field: 'name', yours: 'Fineliner blue', kept: 'Fineliner black', copyable: true },
    ]);
  });

  it('falls back to the server state when the document is gone, and says so for a deletion', () => {
    const view = conflictView({ ...entry, lostFields: ['widthMm', '_deleted'] }, null);
    expect(view.differences).toEqual([
      { field: 'widthMm', yours: '0.3', kept: '0.3', copyable: false },
      { field: 'deleted', yours: 'kept', kept: 'deleted on another device', copyable: false },
    ]);
  });

  it('shows empty values in words, not as null', () => {
    const view = conflictView(
      {
        ...entry,
        collectionName: 'jobs',
        ours: { name: 'Poster', notes: 'mine' },
        lostFields: ['notes'],
      },
      { name: 'Poster', notes: null },
    );
    expect(view.differences[0]).toMatchObject({ yours: 'mine', kept: '(empty)', copyable: true });
  });
});
