import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import type { SyncErrorCode } from './sync-error.ts';

/** What the PWA shows about sync (a badge, a banner, the conflicts list's count). */
export interface SyncStatus {
  /** The last request got an answer (or the live stream is open). */
  online: boolean;
  /** Documents sent (or being sent) that the server has not yet taken or answered. */
  pendingPushes: number;
  /** When a pull or push last succeeded (ISO time), null before the first. */
  lastSyncedAt: string | null;
  /** Losing versions kept in device_state for the user to look at. */
  conflicts: number;
  /**
   * The last failure, cleared by the next success. `signed-out` and `outdated-client`
   * stop replication: the PWA offers to pair again or to reload.
   */
  error: { code: SyncErrorCode; message: string } | null;
}

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
