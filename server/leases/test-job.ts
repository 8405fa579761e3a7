import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';

/** Test fixture: a job row the lease calls can find (leases refuse jobs the server lacks). */
export async function insertTestJob(db: Kysely<Database>): Promise<string> {
  const id = randomUUID();
  await sql`insert into jobs (id, name, state) values (${id}, ${`job ${id.slice(0, 8)}`}, 'NEW')`.execute(
    db,
  );
  return id;
}
