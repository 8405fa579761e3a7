import { from, switchMap } from 'rxjs';
import { type OutboxGroup, readOutbox } from '../data/outbox.ts';
import { useObservable } from './use-observable.ts';
import { useSignedIn } from './use-services.ts';

/** The jobs waiting in this device's outbox, live. */
export function useOutbox(): { groups: OutboxGroup[]; loading: boolean } {
  const { device } = useSignedIn();
  const { value, loading } = useObservable(
    () => device.db.outbox.find().$.pipe(switchMap(() => from(readOutbox(device.db)))),
    [device],
  );
  return { groups: value ?? [], loading };
}
