import type { DeviceDocument } from './device-document.ts';
import type { RxJsonSchema } from 'rxdb';
import type { z } from 'zod';
import { COLLECTION_RULES } from '../collection-rules.ts';
import type { LocalCollection, ReplicatedCollection } from '../collections.ts';
import { DeviceStateEntry } from './device-state-entry.ts';
import { OutboxEntry } from './outbox-entry.ts';
import { rxSchemaFromZod, type RxSchemaOptions } from './rx-schema-from-zod.ts';
import { RX_SCHEMA_VERSIONS } from './rx-schema-versions.ts';

export type DeviceCollection = ReplicatedCollection | LocalCollection;

/** The zod schema each device collection's documents follow. */
export const DEVICE_ZOD_SCHEMAS: Readonly<Record<DeviceCollection, z.ZodObject>> = {
  ...(Object.fromEntries(
    Object.entries(COLLECTION_RULES).map(([name, rules]) => [name, rules.schema]),
  ) as Record<ReplicatedCollection, z.ZodObject>),
  outbox: OutboxEntry,
  device_state: DeviceStateEntry,
};

/**
 * Indexes the PWA's lists query by; everything else is found by primary key. The job
 * board counts jobs by state and reads each column's first cards along [state, createdAt]
 * (oldest first) and [state, priority, createdAt] (one range per priority). Every index
 * costs each replicated write an entry, so there is none that nothing reads.
 * Changing a list changes the schema: it ships as a new version with a migration step
 * (rx-schema-versions.ts, rx-migrations.ts); rx-schema-versions.test.ts says so.
 */
const INDEXES: Partial<Record<DeviceCollection, string[][]>> = {
  jobs: [
    ['state', 'createdAt'],
    ['state', 'priority', 'createdAt'],
  ],
  events: [['jobId', 'occurredAt']],
  plot_stats: [['jobId', 'timestamp']],
  runs: [['updatedAt']],
  outbox: [['createdAt']],
  device_state: [['kind', 'at']],
};

function optionsFor(name: DeviceCollection): RxSchemaOptions {
  const primaryKey =
    name === 'outbox' || name === 'device_state' ? 'id' : COLLECTION_RULES[name].primaryKey;
  const indexes = INDEXES[name];
  return {
    primaryKey,
    version: RX_SCHEMA_VERSIONS[name].version,
    ...(indexes ? { indexes } : {}),
    ...(name === 'outbox' ? { attachments: true } : {}),
  };
}

/** The RxDB schema of every collection a device opens, derived from the zod schemas. */
export const RX_SCHEMAS: Readonly<Record<DeviceCollection, RxJsonSchema<DeviceDocument>>> =
  Object.fromEntries(
    Object.entries(DEVICE_ZOD_SCHEMAS).map(([name, schema]) => [
      name,
      rxSchemaFromZod(schema, optionsFor(name as DeviceCollection)),
    ]),
  ) as Record<DeviceCollection, RxJsonSchema<DeviceDocument>>;
