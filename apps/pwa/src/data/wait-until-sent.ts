import type { SyncStatus } from '@fabdesk/sync/client/sync-status.ts';
import { filter, firstValueFrom, type Observable, timeout } from 'rxjs';

/** This device still has writes the server has not taken: giving up the job now would lose them. */
export class UnsentChangesError extends Error {
  constructor(waiting: number) {
    super(
      `${waiting} change${waiting === 1 ? '' : 's'} on this device ${waiting === 1 ? 'has' : 'have'} not reached the server yet. Release the job once “All changes sent” shows: the server refuses writes to a job nobody holds.`,
    );
    this.name = 'UnsentChangesError';
  }
}

/**
 * Resolves once the device has no write waiting to be sent (at once if it has none), or
 * throws `UnsentChangesError` after `timeoutMs`. Called before a lease is released: the
 * job's queued writes need the lease to be accepted, so releasing first would turn them
 * into refused losers.
 */
export async function waitUntilSent(
  status$: Observable<SyncStatus>,
  timeoutMs: number,
): Promise<void> {
  let last = 0;
  try {
    await firstValueFrom(
      status$.pipe(
        filter((s) => {
          last = s.pendingPushes;
          return s.pendingPushes === 0;
        }),
        timeout(timeoutMs),
      ),
    );
  } catch {
    throw new UnsentChangesError(Math.max(1, last));
  }
}
