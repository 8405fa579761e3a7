import type { DeviceStateEntry } from '@fabdesk/sync/client/device-state-entry.ts';
import { describe, expect, it } from 'vitest';
import { inventoryRefusals } from './inventory-refusals.ts';

const at = '2026-03-01T10:00:00.000Z';
const loser = (collectionName: string, docId: string, ours: Record<string, unknown>) =>
  ({
    id: `conflict:${collectionName}:${docId}:abc`,
    kind: 'conflict',
    collectionName,
    docId,
    ours: { id: docId, ...ours },
    theirs: { id: docId, ...ours, _deleted: true },
    lostFields: ['name'],
    data: null,
    at,
  }) as DeviceStateEntry;

const items = {
  plotters: [],
  pens: [
    { id: 'p1', name: 'Black 0.3', retiredAt: null },
    { id: 'p2', name: 'Old red', retiredAt: at },
  ],
  papers: [],
};

describe('inventoryRefusals', () => {
  it('names a pen refused because an active pen on another device took its name', () => {
    const refusals = inventoryRefusals(
      [loser('pens', 'mine', { name: 'black 0.3', retiredAt: null })],
      items,
    );
    expect(refusals).toEqual([
      {
        entryId: 'conflict:pens:mine:abc',
        kind: 'pens',
        message:
          '“black 0.3” was not saved: another pen is already called “Black 0.3”. Use a different name.',
      },
    ]);
  });

  it('leaves losers whose name is free, or that clash only with a retired pen or themselves', () => {
    const entries = [
      loser('pens', 'mine', { name: 'Green', retiredAt: null }),
      loser('pens', 'other', { name: 'Old red', retiredAt: null }),
      loser('pens', 'p1', { name: 'Black 0.3', retiredAt: null }),
      loser('jobs', 'j1', { name: 'Black 0.3', retiredAt: null }),
    ];
    expect(inventoryRefusals(entries, items)).toEqual([]);
  });
});
