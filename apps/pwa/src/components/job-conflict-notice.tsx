import type { DeviceStateEntry } from '@fabdesk/sync/client/device-state-entry.ts';
import { useCollection } from '../hooks/use-collection.ts';
import { Link } from './link.tsx';

/** On a job's page: a line when one of this device's edits to the job lost a conflict. */
export function JobConflictNotice(props: { jobId: string }) {
  const losers = useCollection<DeviceStateEntry>('device_state', {
    selector: { kind: 'conflict', collectionName: 'jobs', docId: props.jobId },
  });
  if (losers.docs.length === 0) return null;
  return (
    <p class="notice" role="status" data-testid="job-conflict-notice">
      An edit you made to this job on this device was not kept.{' '}
      <Link href="/conflicts">See what was lost</Link>
    </p>
  );
}
