import { type Kysely, sql, type Transaction } from 'kysely';
import type { ReplicatedCollection } from '@fabdesk/sync/collections.ts';
import type { Database } from '../db/database.ts';

/**
 * The order in which one transaction takes several collections' locks. Every writer
 * follows it, so two transactions can never wait on each other in a cycle.
 */
export const LOCK_ORDER: readonly ReplicatedCollection[] = [
  'staff',
  'plotters',
  'pens',
  'papers',
  'jobs',
  'runs',
  'leases',
  'plot_stats',
  'settings',
  'events',
];

/**
 * Takes a collection's write lock for the rest of the transaction. Every write to a
 * replicated table happens under it and takes its `sync_seq` (nextval) after it, so
 * sequence numbers of one collection are allocated in commit order: a pull at checkpoint
 * N can never later find a row with a number ≤ N that committed after it read.
 */
export async function lockCollection(
  trx: Transaction<Database> | Kysely<Database>,
  collection: ReplicatedCollection,
): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`sync:${collection}`}))`.execute(trx);
}

/** Tells every server process (LISTEN fabdesk_sync) that a collection changed; delivered at commit. */
export async function notifyChange(
  trx: Transaction<Database> | Kysely<Database>,
  collection: ReplicatedCollection,
): Promise<void> {
  await sql`select pg_notify('fabdesk_sync', ${collection})`.execute(trx);
}
