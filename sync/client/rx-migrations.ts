import type { DeviceDocument } from './device-document.ts';
import type { DeviceCollection } from './rx-schemas.ts';

/**
 * Converts one stored document of the previous schema version into this version. It gets
 * the document's fields (and `_attachments`, which RxDB carries over when the result
 * leaves it out) and returns the converted document. The rules, for every collection and
 * above all the replicated ones (docs/conflicts.md, "When a device's schema changes"):
 *
 * 1. Convert, never drop. There is no "return null": a replicated document removed on the
 *    device is not deleted on the server (no tombstone is pushed), the pull checkpoint is
 *    already past it so it never comes back, and an unpushed edit of it is lost. An outbox
 *    entry is a file nobody has uploaded yet. guardMigrationSteps refuses a null.
 * 2. Convert every document the previous version admitted (each passed its zod schema when
 *    it was written or pulled), deleted ones too: RxDB migrates tombstones. A document
 *    the step cannot convert makes it throw. The migration then stops with nothing lost:
 *    RxDB removes the old version's storage only after every document was copied, the
 *    device keeps its data and its unpushed writes at the old version, createDeviceDatabase
 *    rejects ('migration-failed'), and each later open tries again, until a release fixes
 *    the step. The converted document must fit the new zod schema; the guard checks.
 * 3. Be a pure function of the document: no clock, no random ids, no reads of other
 *    collections. RxDB runs the step on the stored document and, separately, on the
 *    replication's copy of what the server last sent (`assumedMasterState`); the device
 *    pushes a document when the two differ. Equal before, equal after: exactly the
 *    documents with unpushed local changes are pushed, and only those.
 * 4. On a replicated collection, give each document what the server's migration gives its
 *    row (the same default, the same conversion), so that copy of the server's version
 *    still matches the server: a pushed edit is then no false conflict, and an untouched
 *    document does not silently differ from the server's until someone edits it. Raise
 *    SYNC_PROTOCOL_VERSION in the same release: a device still on the old app gets 426
 *    and keeps its writes until it reloads into the new app, which migrates, then pushes.
 */
export type MigrationStep = (previous: DeviceDocument) => DeviceDocument | Promise<DeviceDocument>;

/** A collection's migration steps by the version each one produces: 1, 2, … */
export type MigrationSteps = Readonly<Record<number, MigrationStep>>;

/**
 * Every device collection's migration steps, one per version after 0 (see
 * RX_SCHEMA_VERSIONS). Released steps are frozen like the server's kysely migrations: an
 * installed device may still be at any earlier version, and RxDB runs every step from its
 * version up to the current one.
 */
export const RX_MIGRATIONS: Readonly<Record<DeviceCollection, MigrationSteps>> = {
  staff: {},
  plotters: {},
  pens: {},
  papers: {},
  jobs: {},
  events: {},
  runs: {},
  leases: {},
  plot_stats: {},
  settings: {},
  outbox: {},
  device_state: {},
};
