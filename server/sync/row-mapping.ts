import type { EntityTable } from '../db/entity-tables.ts';

type Row = Record<string, unknown>;

/** Postgres gives timestamptz as Date; documents carry ISO strings. */
function fromDb(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

/** jsonb columns need their JS value serialised; pg would send arrays as Postgres arrays. */
function toDb(value: unknown): unknown {
  if (value === undefined) return null;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

/**
 * A table row → the entity's fields (child-table fields are filled by the caller).
 * A flattened object is null when all its columns are null.
 */
export function rowToEntity(entity: EntityTable, row: Row): Row {
  const doc: Row = {};
  for (const [field, storage] of Object.entries(entity.fields)) {
    if ('column' in storage) doc[field] = fromDb(row[storage.column]);
    else if ('columns' in storage) {
      const nested: Row = {};
      let any = false;
      for (const [key, column] of Object.entries(storage.columns)) {
        nested[key] = fromDb(row[column]);
        if (nested[key] !== null && nested[key] !== undefined) any = true;
      }
      doc[field] = any ? nested : null;
    }
  }
  return doc;
}

/** The entity's fields → column values for its own table (child-table fields are skipped). */
export function entityToRow(entity: EntityTable, doc: Row): Row {
  const row: Row = {};
  for (const [field, storage] of Object.entries(entity.fields)) {
    const value = doc[field];
    if ('column' in storage) row[storage.column] = toDb(value);
    else if ('columns' in storage) {
      const nested = (value ?? {}) as Row;
      for (const [key, column] of Object.entries(storage.columns)) row[column] = toDb(nested[key]);
    }
  }
  return row;
}
