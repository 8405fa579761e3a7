import type { Event } from '@fabdesk/shared/models/event.ts';
import { describeEvent, newestFirst } from '../data/describe-event.ts';
import { formatTime } from '../data/format-time.ts';

/** The job's audit trail, newest first: who, what, when, from which workstation. */
export function JobTimeline(props: { events: readonly Event[]; now: Date }) {
  const events = newestFirst(props.events);
  if (events.length === 0)
    return <p class="hint">Nothing recorded yet. Events appear once the job has synced.</p>;
  return (
    <ol class="timeline" data-testid="timeline">
      {events.map((e) => (
        <li key={e.id}>
          <time dateTime={e.occurredAt}>{formatTime(e.occurredAt, props.now)}</time>{' '}
          <strong>{e.triggeredByName ?? 'The system'}</strong> {describeEvent(e)}
          {e.receivedAt === null && <span class="badge">not sent yet</span>}
        </li>
      ))}
    </ol>
  );
}
