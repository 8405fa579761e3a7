import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import { z } from 'zod';
import { SyncErrorCode } from './sync-error.ts';

/**
 * What the PWA shows about sync (a badge, a banner, the conflicts list's count). A schema,
 * because a device's tabs send it to each other (share-sync-status.ts), and two tabs can
 * run two releases of the app for a while after an update.
 */
export const SyncStatusSchema = z.object({
  /** The last request got an answer (or the live stream is open). */
  online: z.boolean(),
  /**
   * Documents written on this device (in any of its tabs) that have not reached the server
   * yet: counted from the write until a push of that version succeeded (pending-writes.ts).
   */
  pendingPushes: z.number().int().nonnegative(),
  /** When a pull or push last succeeded (ISO time), null before the first. */
  lastSyncedAt: z.string().nullable(),
  /** Losing versions kept in device_state for the user to look at. */
  conflicts: z.number().int().nonnegative(),
  /**
   * The last failure, cleared by the next success. `signed-out` and `outdated-client`
   * stop replication: the PWA offers to pair again or to reload.
   */
  error: z.object({ code: z.enum(Object.values(SyncErrorCode)), message: z.string() }).nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

export const INITIAL_SYNC_STATUS: SyncStatus = {
  online: false,
  pendingPushes: 0,
  lastSyncedAt: null,
  conflicts: 0,
  error: null,
};

/** A small store: the current status, its changes as an observable, and updates. */
export function createSyncStatusStore() {
  const subject = new BehaviorSubject<SyncStatus>(INITIAL_SYNC_STATUS);
  return {
    get: (): SyncStatus => subject.getValue(),
    status$: subject.pipe(
      distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
    ) as Observable<SyncStatus>,
    update(change: Partial<SyncStatus>) {
      subject.next({ ...subject.getValue(), ...change });
    },
    complete: () => subject.complete(),
  };
}
export type SyncStatusStore = ReturnType<typeof createSyncStatusStore>;
