import type { MigrationStrategies } from 'rxdb';
import type { z } from 'zod';
import type { DeviceDocument } from './device-document.ts';
import type { MigrationSteps } from './rx-migrations.ts';

/** What the collection's schema is at `version`, and how its documents got there. */
export interface GuardedSteps {
  collection: string;
  primaryKey: string;
  version: number;
  /** The collection's zod schema at `version`. */
  schema: z.ZodObject;
  steps: MigrationSteps;
}

/**
 * RxDB's migration strategies for one collection: each step as written, but a step that
 * returns nothing, or a last step whose document does not fit the current zod schema,
 * throws instead. A throwing strategy stops the migration with the device's data intact
 * at its old version (rx-migrations.ts, rule 2); a null would make RxDB drop the document,
 * and an unfit one would be refused at every later push and local edit. RxDB writes
 * migrated documents straight to storage, past validate-device-writes.ts: this is their
 * only check.
 */
export function guardMigrationSteps(guarded: GuardedSteps): MigrationStrategies {
  const { collection, primaryKey, version, schema, steps } = guarded;
  return Object.fromEntries(
    Object.entries(steps).map(([to, step]) => [
      to,
      async (previous: DeviceDocument) => {
        const id = String(previous[primaryKey]);
        const converted = (await step(previous)) as DeviceDocument | null | undefined;
        if (converted === null || typeof converted !== 'object') {
          throw new Error(
            `${collection} ${id}: the migration step to version ${to} returned no document (a step converts, never drops)`,
          );
        }
        if (Number(to) === version) {
          const fields = Object.fromEntries(
            Object.entries(converted).filter(([field]) => !field.startsWith('_')),
          );
          const parsed = schema.safeParse(fields);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw new Error(
              `${collection} ${id}: migrated to version ${to}, ${issue?.path.join('.') || '(document)'}: ${issue?.message}`,
            );
          }
        }
        return converted;
      },
    ]),
  );
}
