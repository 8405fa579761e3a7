import { INITIAL_SYNC_STATUS, type SyncStatus } from '@fabdesk/sync/client/sync-status.ts';
import { BehaviorSubject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { UnsentChangesError, waitUntilSent } from './wait-until-sent.ts';

const status = (pendingPushes: number): SyncStatus => ({
  ...INITIAL_SYNC_STATUS,
  online: true,
  pendingPushes,
});

describe('waitUntilSent', () => {
  it('resolves at once when nothing waits', async () => {
    await expect(waitUntilSent(new BehaviorSubject(status(0)), 50)).resolves.toBeUndefined();
  });

  it('waits for the last write to be taken', async () => {
    const s = new BehaviorSubject(status(2));
    const done = waitUntilSent(s, 1000);
    s.next(status(1));
    setTimeout(() => s.next(status(0)), 20);
    await expect(done).resolves.toBeUndefined();
  });

  it('gives up after the timeout, saying how many changes wait', async () => {
    const s = new BehaviorSubject(status(3));
    const error = await waitUntilSent(s, 30).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsentChangesError);
    expect((error as Error).message).toMatch(
      /^3 changes on this device have not reached the server yet\./,
    );
  });
});
