import type { Kysely } from 'kysely';
import type { Database } from '../server/db/database.ts';
import { looseTables } from '../server/db/loose-tables.ts';
import { ENTITY_TABLES } from '../server/db/entity-tables.ts';
import { entityToRow } from '../server/sync/row-mapping.ts';
import { newJob } from '../server/sync/sync-test-fixture.ts';

/**
 * Inserts `count` NEW jobs (one layer each) in batches of 1,000, straight into the tables;
 * sync_seq comes from the column default. `fields(i)` sets each job's own fields.
 * Returns the job ids in insertion order.
 */
export async function seedJobs(
  db: Kysely<Database>,
  count: number,
  fields: (i: number) => Record<string, unknown>,
): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 1000) {
    const jobs = Array.from({ length: Math.min(1000, count - start) }, (_, i) =>
      newJob(fields(start + i)),
    );
    ids.push(...jobs.map((j) => String(j.id)));
    // Rows built from the entity mapping: column names are strings, as in the sync push.
    await looseTables(db)
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto('jobs')
          .values(jobs.map((j) => entityToRow(ENTITY_TABLES.job, j)))
          .execute();
        await trx
          .insertInto('layers')
          .values(
            jobs.flatMap((j) =>
              (j.layers as Record<string, unknown>[]).map((l) => ({
                ...entityToRow(ENTITY_TABLES.layer, l),
                job_id: j.id,
              })),
            ),
          )
          .execute();
      });
  }
  return ids;
}
