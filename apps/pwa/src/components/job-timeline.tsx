import type { Event } from '@fabdesk/shared/models/event.ts';
import { formatTime } from '../data/format-time.ts';

const WHAT: Record<string, string> = {
  JobCreated: 'created the job',
  StatusChanged: 'moved the job',
  NotesUpdated: 'edited the notes',
  JobUpdated: 'changed the job',
  LeaseAcquired: 'took the job',
  LeaseReleased: 'released the job',
  LeaseForceReleased: 'force-released the job',
  PlotArmed: 'armed the plotter',
  PlotStarted: 'started the plot',
  PlotPaused: 'paused the plot',
  PlotResumed: 'resumed the plot',
  PlotCompleted: 'completed the plot',
  PlotAborted: 'aborted the plot',
  PlotFailed: 'reported a failed plot',
};

function describe(event: Event): string {
  const what = WHAT[event.type] ?? event.type;
  const d = event.details;
  if (event.type === 'StatusChanged' && typeof d.from === 'string' && typeof d.to === 'string')
    return `${what} from ${d.from} to ${d.to}`;
  if (event.type === 'JobUpdated' && typeof d.field === 'string') return `changed the ${d.field}`;
  if (event.type === 'PlotPaused' && d.reason === 'pen-swap')
    return `paused the plot for a pen change${typeof d.layer === 'string' ? ` (${d.layer})` : ''}`;
  return what;
}

/** The job's audit trail, newest first: who, what, when, from which workstation. */
export function JobTimeline(props: { events: readonly Event[]; now: Date }) {
  const events = [...props.events].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  if (events.length === 0)
    return <p class="hint">Nothing recorded yet. Events appear once the job has synced.</p>;
  return (
    <ol class="timeline" data-testid="timeline">
      {events.map((e) => (
        <li key={e.id}>
          <time dateTime={e.occurredAt}>{formatTime(e.occurredAt, props.now)}</time>{' '}
          <strong>{e.triggeredByName ?? 'The system'}</strong> {describe(e)}
          {e.receivedAt === null && <span class="badge">not sent yet</span>}
        </li>
      ))}
    </ol>
  );
}
