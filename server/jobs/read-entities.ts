import type { Job } from '@fabdesk/shared/models/job.ts';
import type { Run } from '@fabdesk/shared/models/run.ts';
import type { Kysely } from 'kysely';
import { ENTITY_TABLES } from '../db/entity-tables.ts';
import { rowsToDocuments } from '../sync/read-documents.ts';
import { rowToEntity } from '../sync/row-mapping.ts';
import { SYNC_TABLES } from '../sync/sync-tables.ts';
import type { Database } from '../db/database.ts';

/** Job rows → Job entities with their layers, through the same mapping the sync uses. */
export async function jobsFromRows(
  db: Kysely<Database>,
  rows: Record<string, unknown>[],
): Promise<Job[]> {
  const docs = await rowsToDocuments(db, SYNC_TABLES.jobs, rows);
  return docs.map(({ _deleted, ...job }) => job as unknown as Job);
}

/** A run row → the Run entity. */
export function runFromRow(row: Record<string, unknown>): Run {
  return rowToEntity(ENTITY_TABLES.run, row) as unknown as Run;
}
