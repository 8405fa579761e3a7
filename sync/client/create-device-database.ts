import type { DeviceDocument } from './device-document.ts';
import {
  addRxPlugin,
  createRxDatabase,
  type RxCollection,
  type RxDatabase,
  RxError,
  type RxJsonSchema,
  type RxStorage,
} from 'rxdb';
import { RxDBAttachmentsPlugin } from 'rxdb/plugins/attachments';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import type { z } from 'zod';
import { COLLECTION_RULES } from '../collection-rules.ts';
import { ALL_COLLECTIONS, type ReplicatedCollection } from '../collections.ts';
import { createConflictHandler } from './conflict-handler.ts';
import { DeviceDatabaseError } from './device-database-error.ts';
import type { DeviceStateEntry } from './device-state-entry.ts';
import { forgetFailedMigrations } from './forget-failed-migrations.ts';
import { guardMigrationSteps } from './guard-migration-steps.ts';
import { type MigrationSteps, RX_MIGRATIONS } from './rx-migrations.ts';
import { DEVICE_ZOD_SCHEMAS, type DeviceCollection, RX_SCHEMAS } from './rx-schemas.ts';
import { validateDeviceWrites } from './validate-device-writes.ts';

export type DeviceCollections = Record<DeviceCollection, RxCollection<DeviceDocument>>;
export type DeviceDatabase = RxDatabase<DeviceCollections>;

export interface DeviceDatabaseOptions {
  /** `getRxStorageDexie()` in the PWA; `getRxStorageMemory()` in Node tests. */
  storage: RxStorage<unknown, unknown>;
  /** Database name; distinct names keep simulated devices apart in one process. */
  name?: string;
  /**
   * True in browsers (several tabs share one IndexedDB: one leader replicates); false in
   * Node tests, where each database is its own device.
   */
  multiInstance?: boolean;
  now?: () => Date;
  /**
   * Which collections to open; default all of them. RxDB's free edition allows 13 open
   * collections per JavaScript realm, so a test that simulates several devices in one
   * process opens only what it uses (`device_state` is always opened: losers go there).
   */
  collections?: readonly DeviceCollection[];
  /**
   * Other definitions for some collections than this release's. Only tests use it: they
   * open a database as a later release would (a changed schema at a higher version, with
   * its migration steps) to prove that an installed device upgrades.
   */
  definitions?: Partial<Record<DeviceCollection, DeviceCollectionDefinition>>;
}

/** What a collection is opened with: its schemas and how older documents reach them. */
export interface DeviceCollectionDefinition {
  /** Checks every local write and every migrated document. */
  zod: z.ZodObject;
  /** Its `version` is the collection's schema version. */
  rx: RxJsonSchema<DeviceDocument>;
  steps: MigrationSteps;
}

/**
 * Opens a device's database with every collection in sync/collections.ts (12, under the
 * free edition's 13), the conflict handlers of docs/conflicts.md, and every local write
 * checked against its collection's zod schema (validate-device-writes.ts). No dev-mode plugin:
 * it fetches a page from the internet, and schemas are pinned by rx-schemas.test.ts and
 * rx-schema-versions.test.ts.
 *
 * A collection stored at an older schema version is migrated before this resolves
 * (RxDB's `autoMigrate`, on by default: `addCollections` awaits each migration; with
 * several tabs one migrates and the others wait for it), by the steps in rx-migrations.ts,
 * replication state included, so unpushed local writes stay unpushed and are sent after.
 * If a collection cannot be opened for its schema, this rejects with a DeviceDatabaseError
 * and closes what it opened, so a later call can try again.
 */
export async function createDeviceDatabase(
  options: DeviceDatabaseOptions,
): Promise<DeviceDatabase> {
  addRxPlugin(RxDBAttachmentsPlugin);
  addRxPlugin(RxDBLeaderElectionPlugin);
  const definitionOf = (name: DeviceCollection): DeviceCollectionDefinition =>
    options.definitions?.[name] ?? {
      zod: DEVICE_ZOD_SCHEMAS[name],
      rx: RX_SCHEMAS[name],
      steps: RX_MIGRATIONS[name],
    };
  const names = openedCollections(options.collections) as DeviceCollection[];
  // Data can be older than a collection's schema only once its version is above 0; until
  // then the migration plugin is not loaded (in the PWA a chunk of its own, off the
  // start-up path).
  if (names.some((name) => definitionOf(name).rx.version > 0)) {
    const { RxDBMigrationSchemaPlugin } = await import('rxdb/plugins/migration-schema');
    addRxPlugin(RxDBMigrationSchemaPlugin);
  }
  const db = await createRxDatabase<DeviceCollections>({
    name: options.name ?? 'fabdesk',
    storage: options.storage,
    multiInstance: options.multiInstance ?? false,
    eventReduce: true,
  });
  const storeLoser = async (entry: DeviceStateEntry) => {
    await db.device_state.upsert(entry);
  };
  const creators = Object.fromEntries(
    names.map((name) => {
      const { zod, rx, steps } = definitionOf(name);
      const migrationStrategies = guardMigrationSteps({
        collection: name,
        primaryKey: rx.primaryKey as string,
        version: rx.version,
        schema: zod,
        steps,
      });
      const replicated = name in COLLECTION_RULES;
      return [
        name,
        replicated
          ? {
              schema: rx,
              migrationStrategies,
              conflictHandler: createConflictHandler(
                name as ReplicatedCollection,
                storeLoser,
                options.now,
              ),
            }
          : { schema: rx, migrationStrategies },
      ];
    }),
  );
  try {
    await forgetFailedMigrations(
      db,
      names.map((name) => ({ name, version: definitionOf(name).rx.version })),
    );
    await db.addCollections(creators);
  } catch (error) {
    await db.close();
    throw describeSchemaError(error);
  }
  // A write its schema refuses throws here, at the call site, instead of blocking pushes.
  for (const [name, collection] of Object.entries(db.collections)) {
    validateDeviceWrites(collection, definitionOf(name as DeviceCollection).zod);
  }
  return db;
}

/**
 * RxDB's schema errors in words (without the dev-mode plugin RxDB's message is only its
 * code and a link); anything else unchanged.
 */
function describeSchemaError(error: unknown): unknown {
  if (!(error instanceof RxError)) return error;
  const parameters = error.parameters as { collection?: unknown; error?: { message?: unknown } };
  const collection = String(parameters.collection ?? '?');
  if (error.code === 'DB6') {
    return new DeviceDatabaseError(
      'schema-changed',
      collection,
      `${collection}: this device stored it with another schema at the same version; this release changed the schema without raising its version (rx-schema-versions.ts)`,
      { cause: error },
    );
  }
  if (error.code === 'DM4') {
    return new DeviceDatabaseError(
      'migration-failed',
      collection,
      `${collection}: migrating this device's data to the new schema failed, the data is kept at its old version: ${String(parameters.error?.message ?? 'unknown error')}`,
      { cause: error },
    );
  }
  return error;
}

function openedCollections(wanted: readonly DeviceCollection[] | undefined): readonly string[] {
  if (!wanted) return ALL_COLLECTIONS;
  return ALL_COLLECTIONS.filter(
    (name) => name === 'device_state' || wanted.includes(name as DeviceCollection),
  );
}
