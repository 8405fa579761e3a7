import type { DeviceStateEntry } from '@fabdesk/sync/client/device-state-entry.ts';
import { useState } from 'preact/hooks';
import { collectionLabel, conflictView, primaryKeyOf } from '../data/conflict-view.ts';
import { formatTime } from '../data/format-time.ts';
import { useCollection } from '../hooks/use-collection.ts';
import { useServices } from '../hooks/use-services.ts';
import { Link } from './link.tsx';

/**
 * One stored loser: which record, when, and each field our version lost beside what the
 * device keeps now. Text we wrote can be copied back; dismissing forgets the loser on
 * this device only (it was never sent anywhere).
 */
export function ConflictCard(props: { entry: DeviceStateEntry; onDismiss(): void; now: Date }) {
  const { copyText } = useServices();
  const { entry } = props;
  const collection = entry.collectionName ?? 'jobs';
  const current = useCollection<Record<string, unknown>>(collection as never, {
    selector: { [primaryKeyOf(collection)]: entry.docId ?? '' },
  });
  const view = conflictView(entry, current.docs[0] ?? null);
  const [copied, setCopied] = useState<string | null>(null);
  const headingId = `conflict-${view.id.replace(/[^a-zA-Z0-9-]/g, '-')}`;
  const label = collectionLabel(view.collection);
  return (
    <li class="card conflict" aria-labelledby={headingId} data-testid="conflict">
      <h2 id={headingId}>
        {label}:{' '}
        {view.collection === 'jobs' ? (
          <Link href={`/job/${view.docId}`}>{view.title}</Link>
        ) : (
          view.title
        )}
      </h2>
      <p class="hint">
        Your version from {formatTime(view.at, props.now)} was not kept for{' '}
        {view.differences.length === 1 ? 'this field' : 'these fields'}:
      </p>
      <table class="layers">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Yours</th>
            <th scope="col">Kept</th>
          </tr>
        </thead>
        <tbody>
          {view.differences.map((d) => (
            <tr key={d.field}>
              <th scope="row">{d.field}</th>
              <td data-testid="conflict-yours">
                <span class="conflict-text">{d.yours}</span>
                {d.copyable && (
                  <button
                    type="button"
                    class="button button-small"
                    aria-label={`Copy your ${d.field}`}
                    onClick={() =>
                      void copyText(d.yours).then(
                        () => setCopied(d.field),
                        () => setCopied(null),
                      )
                    }
                  >
                    {copied === d.field ? 'Copied' : 'Copy'}
                  </button>
                )}
              </td>
              <td data-testid="conflict-kept">
                <span class="conflict-text">{d.kept}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" class="button" onClick={props.onDismiss}>
        Dismiss
      </button>
    </li>
  );
}
