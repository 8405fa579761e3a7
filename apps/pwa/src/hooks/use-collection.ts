import type { DeviceCollection } from '@fabdesk/sync/client/rx-schemas.ts';
import type { MangoQuery } from 'rxdb';
import { map } from 'rxjs';
import { useSignedIn } from './use-services.ts';
import { useObservable } from './use-observable.ts';

/**
 * A live query on one device collection as plain objects of type `T` (the entity's zod
 * type: documents were checked with it when they were pulled or written here).
 */
export function useCollection<T>(
  collection: DeviceCollection,
  query: MangoQuery = {},
): { docs: T[]; loading: boolean } {
  const { device } = useSignedIn();
  const key = JSON.stringify(query);
  const { value, loading } = useObservable(
    () =>
      device.db[collection]
        .find(query)
        .$.pipe(map((docs) => docs.map((d) => d.toJSON() as unknown as T))),
    [device, collection, key],
  );
  return { docs: value ?? [], loading };
}
