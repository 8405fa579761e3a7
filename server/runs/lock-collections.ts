import type { ReplicatedCollection } from '@fabdesk/sync/collections.ts';
import type { Transaction } from 'kysely';
import { LOCK_ORDER, lockCollection } from '../sync/write-lock.ts';
import type { Database } from '../db/database.ts';

/**
 * Takes several collections' write locks in LOCK_ORDER, whatever order the caller names
 * them in: a run's transaction touches jobs, runs, plot_stats and events, and taking them
 * out of order could deadlock against a sync push.
 */
export async function lockCollections(
  trx: Transaction<Database>,
  collections: readonly ReplicatedCollection[],
): Promise<void> {
  for (const c of LOCK_ORDER) if (collections.includes(c)) await lockCollection(trx, c);
}
