import { sql, type Transaction } from 'kysely';

/**
 * Takes the staff collection's sync lock for the rest of the transaction — the same lock
 * the sync writer takes — so a `sync_seq` drawn afterwards (the column default, or an
 * explicit `nextval`) commits in allocation order and no pull checkpoint skips a row.
 * Every write to `staff` goes through it; it also serialises the name/email checks.
 */
export async function lockStaffSync<DB>(trx: Transaction<DB>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('sync:staff'))`.execute(trx);
}
