import type { ReplicatedCollection } from '@fabdesk/sync/collections.ts';
import type { Kysely, Transaction } from 'kysely';
import { notifyChange } from '../sync/write-lock.ts';
import { lockCollections } from './lock-collections.ts';
import type { Database } from '../db/database.ts';

/**
 * One write transaction of the run machinery: takes the named collections' locks in
 * LOCK_ORDER first, runs `work`, and tells every server process (and so every device)
 * that those collections changed, delivered when it commits.
 */
export function runTransaction<T>(
  db: Kysely<Database>,
  collections: readonly ReplicatedCollection[],
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await lockCollections(trx, collections);
    const result = await work(trx);
    for (const c of collections) await notifyChange(trx, c);
    return result;
  });
}
