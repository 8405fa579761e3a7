import type { ComponentChild } from 'preact';
import type { Job } from '@fabdesk/shared/models/job.ts';
import type { OutboxGroup } from '../data/outbox.ts';
import { removeOutboxGroup } from '../data/outbox.ts';
import { useCollection } from '../hooks/use-collection.ts';
import { useSignedIn } from '../hooks/use-services.ts';
import { Link } from './link.tsx';

/**
 * The jobs waiting on this device to be uploaded, with how the last try went. Uploads that
 * will not go by themselves (a duplicate, a refusal) say why and can be removed.
 */
export function OutboxList(props: { groups: readonly OutboxGroup[] }) {
  const { device } = useSignedIn();
  const duplicateIds = props.groups.flatMap((g) =>
    g.problem?.kind === 'duplicate' ? [g.problem.jobId] : [],
  );
  const known = useCollection<Job>('jobs', { selector: { id: { $in: duplicateIds } } });
  if (props.groups.length === 0) return null;
  return (
    <section class="card" aria-labelledby="outbox-title" data-testid="outbox">
      <h2 id="outbox-title">On this device</h2>
      <ul class="outbox">
        {props.groups.map((group) => {
          const problem = group.problem;
          const title = group.fields.name ?? group.entries[0]?.fileName ?? 'Upload';
          const files = group.entries.map((e) => e.fileName).join(', ');
          let status: ComponentChild;
          if (problem?.kind === 'duplicate') {
            const job = known.docs.find((j) => j.id === problem.jobId);
            status = (
              <p class="form-error" data-testid="outbox-status">
                This drawing is already job{' '}
                <Link href={`/job/${problem.jobId}`}>
                  {job ? (job.displayName ?? job.name) : problem.jobId.slice(0, 8)}
                </Link>
                . Nothing new was created.
              </p>
            );
          } else if (problem?.kind === 'refused') {
            status = (
              <p class="form-error" data-testid="outbox-status">
                The server refused it: {problem.message}
              </p>
            );
          } else {
            status = (
              <p data-testid="outbox-status">
                Waiting to upload
                {problem ? ` (tried ${group.attempts}×; last try: ${problem.message})` : ''}
              </p>
            );
          }
          return (
            <li key={group.groupId}>
              <div>
                <strong>{title}</strong> <span class="hint">{files}</span>
                {status}
              </div>
              <button
                type="button"
                class="button button-small"
                onClick={() => void removeOutboxGroup(device.db, group)}
              >
                Remove <span class="visually-hidden">{title}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
