import type { ReplicatedCollection } from '@fabdesk/sync/collections.ts';
import { HttpError } from '../http-error.ts';
import { SYNC_TABLES, type SyncTable } from './sync-tables.ts';

/** The table of a replicated collection named in a URL, or 404 naming it. */
export function syncTableFor(name: string): SyncTable {
  const table = Object.hasOwn(SYNC_TABLES, name) ? SYNC_TABLES[name as ReplicatedCollection] : null;
  if (!table) throw new HttpError('not-found', `there is no replicated collection "${name}"`);
  return table;
}
