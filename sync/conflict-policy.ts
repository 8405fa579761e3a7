import { COLLECTION_RULES } from './collection-rules.ts';
import type { ReplicatedCollection } from './collections.ts';
import { jsonEqual } from './json-equal.ts';
import { sameInstants } from './same-instants.ts';

/**
 * The written conflict policy (prose: docs/conflicts.md). Pure: the device's RxDB
 * conflict handler calls it with the three states RxDB hands over and stores what it
 * says our version lost. The server never resolves conflicts; it only refuses writes and
 * answers with its own state, so this file is the whole policy.
 */

/** A document on the wire: entity fields plus `_deleted`. */
export type DocumentState = Record<string, unknown>;

/** RxDB's conflict input, in its own names: ours is `newDocumentState`. */
export interface ConflictInput {
  /** What this device last saw from the server; absent when we inserted the document. */
  assumedMasterState?: DocumentState | undefined;
  /** The server's current state, as the push answer returned it. */
  realMasterState: DocumentState;
  /** Our version, the one the server did not take. */
  newDocumentState: DocumentState;
}

/** Which rule decided. */
export const ConflictRule = {
  /** Rule 1: the server did not change the document but refused our write. */
  refused: 'refused',
  /** Rule 2: a three-way merge per field. */
  merged: 'merged',
  /** Append-only and read-only collections: a conflict means the server's copy stands. */
  serverWins: 'server-wins',
} as const;
export type ConflictRule = (typeof ConflictRule)[keyof typeof ConflictRule];

export interface ConflictResolution {
  /** The state the device keeps (and pushes again when it differs from the server's). */
  document: DocumentState;
  rule: ConflictRule;
  /**
   * Client-authored content fields (and `_deleted`) where `document` does not carry our
   * value: when not empty, our version is kept as a loser for the UI. Bookkeeping fields
   * (`updatedAt`, the server's fields) are never listed: losing only those loses nothing.
   */
  lostFields: string[];
}

/** How each replicated collection resolves: a field merge, or the server's copy as is. */
export const CONFLICT_STRATEGY: Readonly<Record<ReplicatedCollection, 'merge' | 'server-wins'>> = {
  jobs: 'merge',
  plotters: 'merge',
  pens: 'merge',
  papers: 'merge',
  settings: 'merge',
  staff: 'merge',
  // Append-only with ids made on the device: a conflict can only be a duplicate.
  events: 'server-wins',
  plot_stats: 'server-wins',
  // Read-only on devices.
  runs: 'server-wins',
  leases: 'server-wins',
};

/**
 * How a field that both sides changed is merged, where that is not "the server's value".
 * `state` takes the server's even when only we changed it: a transition the server has
 * not accepted is not ours to re-assert in a merge; the user sees it as lost and can do
 * it again, and the server checks it like any other write. A job's `leaseFencingToken`
 * takes the higher token: the merge is pushed as a new write of this device, and tokens
 * only rise, so the higher one is the newer lease. Ours higher means we took the job after
 * the server's version was written, and the merge must go out under our lease (with the
 * server's token the server refuses it, and the edit of the device that holds the job is
 * lost); theirs higher means someone took the job after us, and the server refuses the
 * merge either way.
 */
type FieldMerge = 'server' | 'both-texts' | 'highest';
const FIELD_MERGE: Partial<Record<ReplicatedCollection, Record<string, FieldMerge>>> = {
  jobs: { state: 'server', notes: 'both-texts', leaseFencingToken: 'highest' },
};

/**
 * Fields that record when a document was edited rather than what a user wrote. They still
 * merge like any field, but a difference in them alone is no lost work: after a refusal
 * the device keeps the server's `updatedAt`, and a later refusal of that state must not
 * store a second loser whose only "lost" field is the edit time. The server's own fields
 * (`serverFields` in collection-rules.ts) are left out of the comparison altogether.
 */
export const BOOKKEEPING_FIELDS: ReadonlySet<string> = new Set([
  'updatedAt',
  // the lease a job edit was made under, and when staff last opened the job: both follow
  // from taking the job, not from anything a person wrote, so they alone are no loss
  'leaseFencingToken',
  'staffViewedAt',
]);

/** The line between the server's notes and ours when both edited them. */
export const NOTES_CONFLICT_MARKER =
  '----- edited on two devices at once; the other text follows -----';

/** Resolves one conflict of `collection` according to the written policy. */
export function resolveConflict(
  collection: ReplicatedCollection,
  input: ConflictInput,
): ConflictResolution {
  const { assumedMasterState: base, realMasterState: theirs, newDocumentState: ours } = input;
  const serverFields = new Set(COLLECTION_RULES[collection].serverFields);
  const clientFields = fieldsOf([theirs, ours, base]).filter((f) => !serverFields.has(f));

  // Rule 1: the server's client-authored content is what we assumed it was, so it changed
  // nothing and refused our write. Re-pushing ours would be refused again, forever.
  if (base !== undefined && clientFields.every((f) => same(theirs[f], base[f]))) {
    return serverWins(input, clientFields, ConflictRule.refused);
  }
  if (CONFLICT_STRATEGY[collection] === 'server-wins') {
    return serverWins(input, clientFields, ConflictRule.serverWins);
  }

  const fieldRules = FIELD_MERGE[collection] ?? {};
  const document: DocumentState = { ...stripInternals(theirs) };
  for (const field of clientFields) {
    const rule = fieldRules[field];
    const weChanged = base === undefined || !same(ours[field], base[field]);
    const theyChanged = base === undefined || !same(theirs[field], base[field]);
    if (rule === 'server' || !weChanged || same(ours[field], theirs[field])) continue;
    if (!theyChanged) document[field] = ours[field];
    else if (rule === 'highest') document[field] = highest(ours[field], theirs[field]);
    else if (rule === 'both-texts') {
      // Two texts joined past the field's limit would fail the whole push batch with a
      // 400, retried forever: then the server's text stays and ours is a loser.
      const joined = joinTexts(theirs[field], ours[field]);
      if (COLLECTION_RULES[collection].schema.shape[field]?.safeParse(joined).success) {
        document[field] = joined;
      }
    }
  }
  const lostFields = lostFieldsOf(document, input, clientFields).filter(
    (f) => !(fieldRules[f] === 'both-texts' && keepsText(document[f], ours[f])),
  );
  return { document, rule: ConflictRule.merged, lostFields };
}

/**
 * The content fields where we wrote something the resolution does not carry. A field only
 * the server changed is not a loss, nor is a bookkeeping field; a deletion by the server
 * loses everything we wrote, so it counts as `_deleted` lost even though we never touched
 * that flag.
 */
function lostFieldsOf(document: DocumentState, input: ConflictInput, fields: string[]): string[] {
  const { assumedMasterState: base, newDocumentState: ours } = input;
  const lost = fields.filter(
    (f) =>
      !BOOKKEEPING_FIELDS.has(f) &&
      (base === undefined || !same(ours[f], base[f])) &&
      !same(document[f], ours[f]),
  );
  if (document._deleted === true && ours._deleted !== true && !lost.includes('_deleted')) {
    lost.push('_deleted');
  }
  return lost;
}

function serverWins(
  input: ConflictInput,
  clientFields: string[],
  rule: ConflictRule,
): ConflictResolution {
  const document = stripInternals(input.realMasterState);
  return { document, rule, lostFields: lostFieldsOf(document, input, clientFields) };
}

/** Every field of the given states, `_deleted` included, RxDB's storage metadata not. */
function fieldsOf(states: (DocumentState | undefined)[]): string[] {
  const fields = new Set<string>();
  for (const state of states) if (state) for (const key of Object.keys(state)) fields.add(key);
  for (const internal of RXDB_INTERNALS) fields.delete(internal);
  return [...fields];
}

const RXDB_INTERNALS = ['_meta', '_rev', '_attachments'];

function stripInternals(state: DocumentState): DocumentState {
  const copy = { ...state };
  for (const internal of RXDB_INTERNALS) delete copy[internal];
  return copy;
}

function joinTexts(theirs: unknown, ours: unknown): unknown {
  if (typeof theirs !== 'string' || theirs === '') return ours;
  if (typeof ours !== 'string' || ours === '') return theirs;
  return `${theirs}\n${NOTES_CONFLICT_MARKER}\n${ours}`;
}

/** The higher of two numbers (a missing or null one counts as lower than any). */
function highest(ours: unknown, theirs: unknown): unknown {
  if (typeof ours !== 'number') return theirs;
  if (typeof theirs !== 'number') return ours;
  return Math.max(ours, theirs);
}

/** Whether a merged notes field still carries our text (clearing the notes is not carried). */
function keepsText(merged: unknown, ours: unknown): boolean {
  return (
    typeof ours === 'string' && ours !== '' && typeof merged === 'string' && merged.endsWith(ours)
  );
}

/**
 * Field equality as the server sees it: the server stores times as timestamptz and sends
 * them back as UTC with milliseconds, so `…T10:00:00+01:00` and `…T09:00:00.000Z` are
 * the same value (server/sync/client-content.ts compares the same way).
 */
function same(a: unknown, b: unknown): boolean {
  return jsonEqual(a, b) || sameInstants(a, b);
}
