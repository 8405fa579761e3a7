import type { DeviceDocument } from './device-document.ts';
import {
  addRxPlugin,
  createRxDatabase,
  type RxCollection,
  type RxDatabase,
  type RxStorage,
} from 'rxdb';
import { RxDBAttachmentsPlugin } from 'rxdb/plugins/attachments';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import { COLLECTION_RULES } from '../collection-rules.ts';
import { ALL_COLLECTIONS, type ReplicatedCollection } from '../collections.ts';
import { createConflictHandler } from './conflict-handler.ts';
import type { DeviceStateEntry } from './device-state-entry.ts';
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
}

/**
 * Opens a device's database with every collection in sync/collections.ts (12, under the
 * free edition's 13), the conflict handlers of docs/conflicts.md, and every local write
 * checked against its collection's zod schema (validate-device-writes.ts). No dev-mode plugin:
 * it fetches a page from the internet, and schemas are pinned by rx-schemas.test.ts.
 */
export async function createDeviceDatabase(
  options: DeviceDatabaseOptions,
): Promise<DeviceDatabase> {
  addRxPlugin(RxDBAttachmentsPlugin);
  addRxPlugin(RxDBLeaderElectionPlugin);
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
    openedCollections(options.collections).map((name) => {
      const schema = RX_SCHEMAS[name as DeviceCollection];
      const replicated = name in COLLECTION_RULES;
      return [
        name,
        replicated
          ? {
              schema,
              conflictHandler: createConflictHandler(
                name as ReplicatedCollection,
                storeLoser,
                options.now,
              ),
            }
          : { schema },
      ];
    }),
  );
  await db.addCollections(creators);
  // A write its schema refuses throws here, at the call site, instead of blocking pushes.
  for (const [name, collection] of Object.entries(db.collections)) {
    validateDeviceWrites(collection, DEVICE_ZOD_SCHEMAS[name as DeviceCollection]);
  }
  return db;
}

function openedCollections(wanted: readonly DeviceCollection[] | undefined): readonly string[] {
  if (!wanted) return ALL_COLLECTIONS;
  return ALL_COLLECTIONS.filter(
    (name) => name === 'device_state' || wanted.includes(name as DeviceCollection),
  );
}
