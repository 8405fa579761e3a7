import { describe, expect, it } from 'vitest';
import type { ReplicatedCollection } from './collections.ts';
import {
  type ConflictInput,
  type DocumentState,
  NOTES_CONFLICT_MARKER,
  resolveConflict,
} from './conflict-policy.ts';

const id = '5d1c1f0e-3f0a-4c55-8d7e-0e2b8f9a1c11';
const base: DocumentState = {
  id,
  name: 'Voronoi poster',
  state: 'QUOTED',
  priority: 1,
  notes: 'use the 0.3 pen',
  layers: [{ id: 'a', name: 'black', skip: false }],
  lastUpdatedBy: 'staff-1',
  updatedAt: '2026-11-23T09:30:00Z',
  _deleted: false,
};
const edit = (changes: DocumentState): DocumentState => ({ ...base, ...changes });

interface Case {
  name: string;
  collection: ReplicatedCollection;
  input: ConflictInput;
  expected: DocumentState;
  rule: string;
  lost: string[];
}

const cases: Case[] = [
  {
    name: 'rule 1: a refused job write that differs only in lease token and viewed time loses nothing',
    collection: 'jobs',
    input: {
      assumedMasterState: base,
      realMasterState: base,
      newDocumentState: edit({
        leaseFencingToken: 1,
        staffViewedAt: '2026-11-23T10:00:00.000Z',
        updatedAt: '2026-11-23T10:00:00.000Z',
      }),
    },
    expected: base,
    rule: 'refused',
    lost: [],
  },
  {
    name: 'rule 1: a refused write (server unchanged) leaves the server state, ours lost',
    collection: 'jobs',
    input: {
      assumedMasterState: base,
      realMasterState: base,
      newDocumentState: edit({ priority: 3 }),
    },
    expected: base,
    rule: 'refused',
    lost: ['priority'],
  },
  {
    name: 'rule 1 ignores fields the server stamps (lastUpdatedBy on jobs)',
    collection: 'jobs',
    input: {
      assumedMasterState: base,
      realMasterState: edit({ lastUpdatedBy: 'staff-2' }),
      newDocumentState: edit({ state: 'READY', priority: 2 }),
    },
    expected: edit({ lastUpdatedBy: 'staff-2' }),
    rule: 'refused',
    lost: ['state', 'priority'],
  },
  {
    name: 'rule 1 compares times as instants (the server returns them as UTC milliseconds)',
    collection: 'jobs',
    input: {
      assumedMasterState: edit({ updatedAt: '2026-11-23T10:30:00+01:00' }),
      realMasterState: edit({ updatedAt: '2026-11-23T09:30:00.000Z' }),
      newDocumentState: edit({ updatedAt: '2026-11-23T10:31:00+01:00', priority: 2 }),
    },
    expected: edit({ updatedAt: '2026-11-23T09:30:00.000Z' }),
    rule: 'refused',
    lost: ['priority'],
  },
  {
    // The e2e case: after the first refusal the device holds the server state, our edit
    // time aside; the second refusal must not store a loser of the edit time alone.
    name: 'rule 1: a refused write that differs only in its edit time loses nothing',
    collection: 'jobs',
    input: {
      assumedMasterState: base,
      realMasterState: base,
      newDocumentState: edit({ updatedAt: '2026-11-23T10:31:00Z' }),
    },
    expected: base,
    rule: 'refused',
    lost: [],
  },
  {
    name: 'rule 1: a refused write of the edit time and a server field alone loses nothing',
    collection: 'jobs',
    input: {
      assumedMasterState: base,
      realMasterState: edit({ lastUpdatedBy: 'staff-2' }),
      newDocumentState: edit({ updatedAt: '2026-11-23T10:31:00Z', lastUpdatedBy: 'staff-3' }),
    },
    expected: edit({ lastUpdatedBy: 'staff-2' }),
    rule: 'refused',
    lost: [],
  },
  {
    name: 'merge: only the edit time differs from the server: no loss, the server time kept',
    collection: 'pens',
    input: {
      assumedMasterState: base,
      realMasterState: edit({ name: 'theirs', updatedAt: '2026-11-23T10:00:00Z' }),
      newDocumentState: edit({ updatedAt: '2026-11-23T10:01:00Z' }),
    },
    expected: edit({ name: 'theirs', updatedAt: '2026-11-23T10:00:00Z' }),
    rule: 'merged',
    lost: [],
  },
  {
    name: 'rule 1 applies to merge collections too: a refused pen edit is not re-pushed',
    collection: 'pens',
    input: {
      assumedMasterState: base,
      realMasterState: base,
      newDocumentState: edit({ name: 'x' }),
    },
    expected: base,
    rule: 'refused',
    lost: ['name'],
  },
  {
    name: 'merge: a field only we changed takes ours, one only the server changed takes theirs',
    collection: 'jobs',
    input: {
      assumedMasterState: base,
      realMasterState: edit({ name: 'Voronoi poster v2' }),
      newDocumentState: edit({ priority: 3 }),
    },
    expected: edit({ name: 'Voronoi poster v2', priority: 3 }),
    rule: 'merged',
    lost: [],
  },
  {
    // A hand-over the new holder had not seen yet: Ada wrote the job under lease 1, Bea
    // took it (lease 2) and edited her older copy. The merge goes out under Bea's lease;
    // with Ada's token the server refuses it and Bea's edit ends as a loser.
    name: 'merge: a lease token both changed takes the higher one (ours: we took the job later)',
    collection: 'jobs',
    input: {
      assumedMasterState: edit({ leaseFencingToken: null }),
      realMasterState: edit({ leaseFencingToken: 1, updatedAt: '2026-11-23T10:00:00.000Z' }),
      newDocumentState: edit({
        leaseFencingToken: 2,
        notes: 'Bea: plot on A4 bristol',
        updatedAt: '2026-11-23T10:01:00.000Z',
      }),
    },
    expected: edit({
      leaseFencingToken: 2,
      notes: 'Bea: plot on A4 bristol',
      updatedAt: '2026-11-23T10:00:00.000Z',
    }),
    rule: 'merged',
    lost: [],
  },
  {
    name: 'merge: a lease token both changed takes the higher one (theirs: the job was taken after us)',
    collection: 'jobs',
    input: {
      assumedMasterState: edit({ leaseFencingToken: null }),
      realMasterState: edit({ leaseFencingToken: 2, name: 'renamed by the new holder' }),
      newDocumentState: edit({ leaseFencingToken: 1, priority: 3 }),
    },
    expected: edit({ leaseFencingToken: 2, name: 'renamed by the new holder', priority: 3 }),
    rule: 'merged',
    lost: [],
  },
  {
    name: 'merge: a field both changed takes the server value',
    collection: 'plotters',
    input: {
      assumedMasterState: base,
      realMasterState: edit({ name: 'theirs', updatedAt: '2026-11-23T10:00:00Z' }),
      newDocumentState: edit({ name: 'ours', priority: 2, updatedAt: '2026-11-23T10:01:00Z' }),
    },
    expected: edit({ name: 'theirs', priority: 2, updatedAt: '2026-11-23T10:00:00Z' }),
    rule: 'merged',
    lost: ['name'],
  },
  {
    name: 'merge: both changed to the same value is no loss',
    collection: 'papers',
    input: {
      assumedMasterState: base,
      realMasterState: edit({ name: 'same', priority: 0 }),
      newDocumentState: edit({ name: 'same' }),
    },
    expected: edit({ name: 'same', priority: 0 }),
    rule: 'merged',
    lost: [],
  },
  {
    name: 'jobs: state always takes the server value, even when only we changed it',
    collection: 'jobs',
    input: {
      assumedMasterState: base,
      realMasterState: edit({ name: 'renamed' }),
      newDocumentState: edit({ state: 'READY' }),
    },
    expected: edit({ name: 'renamed' }),
    rule: 'merged',
    lost: ['state'],
  },
  {
    name: 'jobs: notes edited on both sides keep both texts, the server text first',
    collection: 'jobs',
    input: {
      assumedMasterState: base,
      realMasterState: edit({ notes: 'server text' }),
      newDocumentState: edit({ notes: 'our text' }),
    },
    expected: edit({ notes: `server text\n${NOTES_CONFLICT_MARKER}\nour text` }),
    rule: 'merged',
    lost: [],
  },
  {
    name: 'jobs: notes are not joined on other collections (pens take the server notes)',
    collection: 'pens',
    input: {
      assumedMasterState: base,
      realMasterState: edit({ notes: 'server text' }),
      newDocumentState: edit({ notes: 'our text' }),
    },
    expected: edit({ notes: 'server text' }),
    rule: 'merged',
    lost: ['notes'],
  },
  {
    name: 'jobs: clearing the notes while the server edited them keeps the server text, lost',
    collection: 'jobs',
    input: {
      assumedMasterState: base,
      realMasterState: edit({ notes: 'server text' }),
      newDocumentState: edit({ notes: null }),
    },
    expected: edit({ notes: 'server text' }),
    rule: 'merged',
    lost: ['notes'],
  },
  {
    name: 'jobs: layers merge as a whole (both changed: the server layers)',
    collection: 'jobs',
    input: {
      assumedMasterState: base,
      realMasterState: edit({ layers: [{ id: 'a', name: 'black', skip: true }] }),
      newDocumentState: edit({ layers: [{ id: 'a', name: 'blue', skip: false }] }),
    },
    expected: edit({ layers: [{ id: 'a', name: 'black', skip: true }] }),
    rule: 'merged',
    lost: ['layers'],
  },
  {
    name: 'merge: the server deleted the document while we edited it: deleted, ours lost',
    collection: 'papers',
    input: {
      assumedMasterState: base,
      realMasterState: edit({ _deleted: true }),
      newDocumentState: edit({ name: 'ours' }),
    },
    expected: edit({ _deleted: true, name: 'ours' }),
    rule: 'merged',
    lost: ['_deleted'],
  },
  {
    name: 'merge without a base (we inserted an id the server has): every difference takes theirs',
    collection: 'staff',
    input: { realMasterState: edit({ name: 'theirs' }), newDocumentState: edit({ name: 'ours' }) },
    expected: edit({ name: 'theirs' }),
    rule: 'merged',
    lost: ['name'],
  },
  {
    name: 'events: append-only, a conflict is a duplicate id, the server copy stands',
    collection: 'events',
    input: { realMasterState: edit({ name: 'first' }), newDocumentState: edit({ name: 'second' }) },
    expected: edit({ name: 'first' }),
    rule: 'server-wins',
    lost: ['name'],
  },
  {
    name: 'plot_stats: append-only, server wins',
    collection: 'plot_stats',
    input: {
      assumedMasterState: base,
      realMasterState: edit({ priority: 0 }),
      newDocumentState: edit({ name: 'x' }),
    },
    expected: edit({ priority: 0 }),
    rule: 'server-wins',
    lost: ['name'],
  },
  {
    name: 'runs and leases: read-only, server wins',
    collection: 'leases',
    input: {
      assumedMasterState: base,
      realMasterState: edit({ priority: 0 }),
      newDocumentState: edit({ priority: 2 }),
    },
    expected: edit({ priority: 0 }),
    rule: 'server-wins',
    lost: ['priority'],
  },
];

describe('resolveConflict', () => {
  it.each(cases)('$name', ({ collection, input, expected, rule, lost }) => {
    const result = resolveConflict(collection, input);
    expect(result.document).toEqual(expected);
    expect(result.rule).toBe(rule);
    expect(result.lostFields.sort()).toEqual([...lost].sort());
  });

  it('keeps the server notes when both texts together exceed what a job may hold', () => {
    const doc = edit({ notes: 'base' });
    const result = resolveConflict('jobs', {
      assumedMasterState: doc,
      realMasterState: { ...doc, notes: 'a'.repeat(6000) },
      newDocumentState: { ...doc, notes: 'b'.repeat(6000) },
    });
    expect(result.document.notes).toBe('a'.repeat(6000));
    expect(result.lostFields).toEqual(['notes']);
    // Within the limit the two texts are joined on a valid job.
    const short = resolveConflict('jobs', {
      assumedMasterState: doc,
      realMasterState: { ...doc, notes: 'a' },
      newDocumentState: { ...doc, notes: 'b' },
    });
    expect(short.document.notes).toBe(`a\n${NOTES_CONFLICT_MARKER}\nb`);
  });

  it('drops RxDB storage metadata from the server state it hands back', () => {
    const real = { ...base, _meta: { lwt: 1 }, _rev: '1-a', _attachments: {} };
    const result = resolveConflict('runs', { realMasterState: real, newDocumentState: base });
    expect(result.document).toEqual(base);
  });

  it('never loops: a merged write the server refuses again ends with the server state', () => {
    // The server refuses every write to this job (say another device holds its lease) and
    // changed a field of its own meanwhile. The merge re-asserts our field once; when that
    // push comes back unchanged, rule 1 gives up and keeps the server's state.
    const server = edit({ name: 'renamed on the server' });
    const refusingServer = (_row: ConflictInput) => server;
    let ours = edit({ priority: 3 });
    let assumed: DocumentState = base;
    const rules: string[] = [];
    for (let round = 0; round < 5; round++) {
      const input = {
        assumedMasterState: assumed,
        realMasterState: refusingServer({
          assumedMasterState: assumed,
          realMasterState: server,
          newDocumentState: ours,
        }),
        newDocumentState: ours,
      };
      const result = resolveConflict('jobs', input);
      rules.push(result.rule);
      // RxDB writes the resolution to the device, records the server state as the new
      // assumed master, and pushes again only if the resolution differs from it.
      assumed = input.realMasterState;
      ours = result.document;
      if (JSON.stringify(ours) === JSON.stringify(assumed)) break;
    }
    expect(rules).toEqual(['merged', 'refused']);
    expect(ours).toEqual(server);
  });
});
