import type { Kysely } from 'kysely';
import type { Database } from './database.ts';

/** A row of a table picked at run time: column name → value as pg returns it. */
export type LooseRow = Record<string, unknown>;

/** `Database` with the same table names, each table's columns widened to `LooseRow`. */
export type LooseDatabase = { [T in keyof Database]: LooseRow };

/**
 * The one escape hatch from `Kysely<Database>`, for code that picks its table by a name
 * known only at run time: the sync server runs one code path for every replicated
 * collection, with the table and columns taken from `ENTITY_TABLES`/`SYNC_TABLES`
 * (`entity-tables.pg.test.ts` pins those to the migrated database). Table names stay
 * checked against `Database`; column names are strings and values `unknown`. The same
 * connection or transaction, only typed loosely: use it for those dynamic queries only.
 */
export function looseTables(db: Kysely<Database>): Kysely<LooseDatabase> {
  return db as unknown as Kysely<LooseDatabase>;
}
