import type { Kysely } from 'kysely';
import type { PullResponse } from '@fabdesk/sync/sync-messages.ts';
import { HttpError } from '../http-error.ts';
import { latestSequence, rowsToDocuments } from './read-documents.ts';
import type { SyncTable } from './sync-tables.ts';
import type { Database } from '../db/database.ts';
import { looseTables } from '../db/loose-tables.ts';

/**
 * The documents of one collection changed after checkpoint `seq`, oldest first, and the
 * checkpoint after the last. Because writers allocate `sync_seq` under the collection's
 * lock, every row that commits later gets a higher number: nothing is skipped.
 * Tombstones come back as `_deleted: true`.
 */
export async function pullCollection(
  db: Kysely<Database>,
  table: SyncTable,
  seq: number,
  limit: number,
): Promise<PullResponse> {
  if (seq > 0) {
    const latest = await latestSequence(db);
    if (seq > latest) {
      throw new HttpError(
        'checkpoint-ahead',
        `checkpoint ${seq} is ahead of this server (its latest is ${latest}); the device must resync from the start`,
      );
    }
  }
  const rows = await looseTables(db)
    .selectFrom(table.entity.table)
    .selectAll()
    .where('sync_seq', '>', seq)
    .orderBy('sync_seq')
    .limit(limit)
    .execute();
  const documents = await rowsToDocuments(db, table, rows);
  const last = rows.at(-1);
  return { documents, checkpoint: last ? { seq: Number(last.sync_seq) } : null };
}
