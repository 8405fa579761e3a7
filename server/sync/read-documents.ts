import { type Kysely, sql, type Transaction } from 'kysely';
import type { WireDocument } from '@fabdesk/sync/sync-messages.ts';
import { sortBy } from './client-content.ts';
import { rowToEntity } from './row-mapping.ts';
import type { SyncTable } from './sync-tables.ts';
import type { Database } from '../db/database.ts';
import { type LooseRow, looseTables } from '../db/loose-tables.ts';

type Row = LooseRow;

/** Turns the collection's rows (with `sync_seq`, `is_deleted`) into wire documents, children included. */
export async function rowsToDocuments(
  db: Kysely<Database>,
  table: SyncTable,
  rows: Row[],
): Promise<WireDocument[]> {
  const docs = rows.map((row) => ({
    ...rowToEntity(table.entity, row),
    _deleted: row.is_deleted === true,
  })) as WireDocument[];
  const child = table.child;
  if (child && rows.length > 0) {
    const ids = rows.map((r) => r[table.primaryKeyColumn]);
    const childRows = await looseTables(db)
      .selectFrom(child.entity.table)
      .selectAll()
      .where(child.parentColumn, 'in', ids)
      .execute();
    const byParent = new Map<unknown, Row[]>();
    for (const r of childRows) {
      const key = r[child.parentColumn];
      byParent.set(key, [...(byParent.get(key) ?? []), rowToEntity(child.entity, r)]);
    }
    rows.forEach((row, i) => {
      docs[i]![child.field] = sortBy(
        byParent.get(row[table.primaryKeyColumn]) ?? [],
        child.orderBy,
      );
    });
  }
  return docs;
}

/** The current rows of some documents, by primary key, locked for this transaction. */
export async function readCurrent(
  trx: Transaction<Database>,
  table: SyncTable,
  ids: string[],
): Promise<Map<string, WireDocument>> {
  if (ids.length === 0) return new Map();
  const rows = await looseTables(trx)
    .selectFrom(table.entity.table)
    .selectAll()
    .where(table.primaryKeyColumn, 'in', ids)
    .forUpdate()
    .execute();
  const docs = await rowsToDocuments(trx, table, rows);
  return new Map(docs.map((d, i) => [String(rows[i]![table.primaryKeyColumn]), d]));
}

/** The highest sequence number handed out so far (0 before the first write). */
export async function latestSequence(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ seq: string | number | null }>`
    select case when is_called then last_value else 0 end as seq from sync_seq`.execute(db);
  return Number(rows[0]?.seq ?? 0);
}
