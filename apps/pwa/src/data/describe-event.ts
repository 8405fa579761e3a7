import type { Event } from '@fabdesk/shared/models/event.ts';

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

/** What a run of each kind does, in the words the job page uses. */
const RUN_WORK: Record<string, string> = {
  conversion: 'the conversion (SVG to plot plan)',
  simulation: 'the simulation (plot time and statistics)',
  capacity: 'the capacity simulation',
};

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** One line of the job's history after the actor's name: "moved the job from NEW to QUEUED". */
export function describeEvent(event: Event): string {
  const d = event.details;
  switch (event.type) {
    case 'StatusChanged':
      if (text(d.from) && text(d.to)) return `moved the job from ${d.from} to ${d.to}`;
      break;
    case 'JobUpdated':
      if (text(d.field)) return `changed the ${d.field}`;
      break;
    case 'PlotPaused':
      if (d.reason === 'pen-swap')
        return `paused the plot for a pen change${text(d.layer) ? ` (${d.layer})` : ''}`;
      if (d.reason === 'interrupted') return 'lost the plotter mid-plot (the plot is paused)';
      // The console pauses a plot the plotter broke off (garbage, no reply, lost device), so
      // it can resume from the last checkpoint; the message says what went wrong.
      if (d.reason === 'fault')
        return `paused the plot after a plotter fault${text(d.message) ? `: ${d.message}` : ''}`;
      break;
    case 'PlotFailed':
      if (text(d.message)) return `reported a failed plot: ${d.message}`;
      break;
    case 'RunQueued':
      return `queued ${RUN_WORK[String(d.kind)] ?? 'a run'}`;
    case 'RunFinished': {
      const work = RUN_WORK[String(d.kind)] ?? 'a run';
      if (d.status === 'completed') return `finished ${work}`;
      if (d.status === 'cancelled') return `cancelled ${work}`;
      return `failed ${work}${text(d.errorMessage) ? `: ${d.errorMessage}` : ''}`;
    }
  }
  return WHAT[event.type] ?? event.type;
}

/**
 * The server writes some events in one transaction, which stamps them with the same instant
 * (a run finishes, so the job moves on): on a tie, cause comes before effect.
 */
const CAUSE_FIRST: Record<string, number> = {
  JobCreated: 0,
  RunFinished: 1,
  StatusChanged: 2,
  RunQueued: 3,
};

/** The history as the job page lists it: newest first, effects above their causes on a tie. */
export function newestFirst(events: readonly Event[]): Event[] {
  return [...events].sort(
    (a, b) =>
      b.occurredAt.localeCompare(a.occurredAt) ||
      (CAUSE_FIRST[b.type] ?? 2) - (CAUSE_FIRST[a.type] ?? 2),
  );
}
