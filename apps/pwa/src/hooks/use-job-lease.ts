import type { JobLease } from '@fabdesk/shared/models/job-lease.ts';
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../data/api-error.ts';
import { activeHolder, newerLease } from '../data/lease-holder.ts';
import { UnsentChangesError, waitUntilSent } from '../data/wait-until-sent.ts';
import { useCollection } from './use-collection.ts';
import { useNow } from './use-now.ts';
import { useServices, useSignedIn } from './use-services.ts';

/** How long a release waits for this device's queued writes to reach the server. */
const SEND_BEFORE_RELEASE_MS = 10_000;

/** Renew well before the server's default 120 s lease runs out. */
const RENEW_EVERY_MS = 45_000;

/**
 * A job's lock as this device sees it: the replicated lease and the answer of our own
 * lease calls (whichever is newer), who holds it, and acquire/release. While this device
 * holds it, it is renewed in the background.
 */
export function useJobLease(jobId: string) {
  const { api } = useServices();
  const { session, device } = useSignedIn();
  const now = useNow(5000);
  const replicated = useCollection<JobLease>('leases', { selector: { jobId } });
  const [answered, setAnswered] = useState<JobLease | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const lease = newerLease(answered, replicated.docs[0]);
  const holder = activeHolder(lease, now);
  const mine = holder !== null && holder.workstationId === session.workstation.id;

  useEffect(() => {
    if (!mine) return;
    const timer = setInterval(() => {
      api.renewLease(session, jobId).then(setAnswered, () => undefined);
    }, RENEW_EVERY_MS);
    return () => clearInterval(timer);
  }, [mine, api, session, jobId]);

  const run = async (call: () => Promise<JobLease>) => {
    setBusy(true);
    setError(null);
    try {
      const next = await call();
      setAnswered(next);
      return next;
    } catch (err) {
      setError(
        err instanceof ApiError || err instanceof UnsentChangesError
          ? err.message
          : 'The lock could not be changed. Try again.',
      );
      return null;
    } finally {
      setBusy(false);
    }
  };

  return {
    lease,
    holder,
    mine,
    busy,
    error,
    acquire: () => run(() => api.acquireLease(session, jobId)),
    // The job's writes still queued on this device need the lease to be accepted: they go
    // first (the status counts every write until the server has it), then the release.
    release: () =>
      run(async () => {
        await waitUntilSent(device.replication.status$, SEND_BEFORE_RELEASE_MS);
        return api.releaseLease(session, jobId);
      }),
  };
}
