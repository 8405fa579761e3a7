import type { DeviceStateEntry } from '@fabdesk/sync/client/device-state-entry.ts';

/** One field our version lost: what we wrote and what the device keeps now. */
export interface FieldDifference {
  field: string;
  /** Our value, as text for the page. */
  yours: string;
  /** The value the device keeps now (the current document, or the server's at the time). */
  kept: string;
  /** Our value is text worth copying back (notes, names). */
  copyable: boolean;
}

/** A stored loser as the conflicts screen shows it. */
export interface ConflictView {
  id: string;
  collection: string;
  docId: string;
  /** The document's name as people know it. */
  title: string;
  at: string;
  differences: FieldDifference[];
}

const COLLECTION_LABEL: Record<string, string> = {
  jobs: 'Job',
  pens: 'Pen',
  papers: 'Paper',
  plotters: 'Plotter',
  staff: 'Staff member',
  settings: 'Settings',
  events: 'History entry',
  plot_stats: 'Plot figures',
};

export function collectionLabel(collection: string): string {
  return COLLECTION_LABEL[collection] ?? collection;
}

/** The primary key of a device collection (leases are keyed by their job). */
export function primaryKeyOf(collection: string): string {
  return collection === 'leases' ? 'jobId' : 'id';
}

/**
 * What changed between our losing version and what the device keeps: the lost fields of
 * the entry (docs/conflicts.md), each with both values. `current` is the document as
 * the device holds it now; when it is gone, the server's state at the conflict stands in.
 */
export function conflictView(
  entry: DeviceStateEntry,
  current: Record<string, unknown> | null,
): ConflictView {
  const ours = entry.ours ?? {};
  const kept: Record<string, unknown> = current ?? entry.theirs ?? {};
  const differences = entry.lostFields.map((field) =>
    field === '_deleted'
      ? {
          field: 'deleted',
          yours: 'kept',
          kept: 'deleted on another device',
          copyable: false,
        }
      : {
          field,
          yours: showValue(ours[field]),
          kept: showValue(kept[field]),
          copyable: typeof ours[field] === 'string' && ours[field] !== '',
        },
  );
  const name = ours.displayName ?? ours.name ?? kept.name;
  return {
    id: entry.id,
    collection: entry.collectionName ?? 'unknown',
    docId: entry.docId ?? '',
    title: typeof name === 'string' && name !== '' ? name : (entry.docId ?? 'Unnamed'),
    at: entry.at,
    differences,
  };
}

function showValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
