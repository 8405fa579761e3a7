import { nextTransitions } from '@fabdesk/shared/lifecycle/job-lifecycle.ts';
import type { Event } from '@fabdesk/shared/models/event.ts';
import type { Job } from '@fabdesk/shared/models/job.ts';
import type { Paper } from '@fabdesk/shared/models/paper.ts';
import type { Pen } from '@fabdesk/shared/models/pen.ts';
import type { Run } from '@fabdesk/shared/models/run.ts';
import { useEffect, useRef, useState } from 'preact/hooks';
import { DrawingPreview } from '../components/drawing-preview.tsx';
import { JobConflictNotice } from '../components/job-conflict-notice.tsx';
import { JobRuns } from '../components/job-runs.tsx';
import { JobTimeline } from '../components/job-timeline.tsx';
import { Link } from '../components/link.tsx';
import { describeWriteError } from '../data/describe-write-error.ts';
import { formatTime } from '../data/format-time.ts';
import { writeJob } from '../data/write-job.ts';
import { useCollection } from '../hooks/use-collection.ts';
import { useJobLease } from '../hooks/use-job-lease.ts';
import { useNow } from '../hooks/use-now.ts';
import { useServices, useSignedIn } from '../hooks/use-services.ts';
import { LazyPlotRecord } from '../plot/lazy-plot.tsx';
import { NotFoundScreen } from './not-found-screen.tsx';

/** "approve-with-quote" → "Approve with quote". */
const label = (action: string) =>
  `${action[0]?.toUpperCase()}${action.slice(1).replaceAll('-', ' ')}`;

/**
 * One job: its lock, the lifecycle steps staff may take from here, paper, layers with
 * their pens, notes, runs and the audit trail. Changes need the lock (the server refuses
 * writes from a device that does not hold it), so editing controls appear only while
 * this device holds it.
 */
export function JobDetailScreen(props: { jobId: string }) {
  const { newId, now: clock } = useServices();
  const { session, device } = useSignedIn();
  const now = useNow();
  const jobs = useCollection<Job>('jobs', { selector: { id: props.jobId } });
  const events = useCollection<Event>('events', { selector: { jobId: props.jobId } });
  const runs = useCollection<Run>('runs', { selector: { jobId: props.jobId } });
  const pens = useCollection<Pen>('pens', { selector: { retiredAt: null } });
  const papers = useCollection<Paper>('papers', { selector: { retiredAt: null } });
  const lock = useJobLease(props.jobId);
  const job = jobs.docs[0];
  const [notes, setNotes] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The draft is dropped when the stored notes change (saved here, or by another device),
  // not when the job first loads: that effect runs after paint and would wipe what was
  // typed in between (a slow tab showed it).
  const loadedNotes = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    const stored = job?.notes;
    if (stored === undefined) return;
    if (loadedNotes.current !== undefined && loadedNotes.current !== stored) setNotes(null);
    loadedNotes.current = stored;
  }, [job?.notes]);

  if (!job) {
    if (jobs.loading) return <main class="page" id="main" aria-busy="true" />;
    return (
      <NotFoundScreen what="This job is not on this device. It may not have synced yet, or it was removed." />
    );
  }
  const lease = lock.mine ? lock.lease : undefined;

  const change = async (
    fields: Parameters<typeof writeJob>[0]['change'],
    event?: Parameters<typeof writeJob>[0]['event'],
  ) => {
    if (!lease) return;
    setError(null);
    try {
      await writeJob({
        db: device.db,
        session,
        lease,
        jobId: job.id,
        change: fields,
        now: clock(),
        newId,
        ...(event ? { event } : {}),
      });
    } catch (e) {
      setError(describeWriteError(e));
    }
  };

  const take = async () => {
    const taken = await lock.acquire();
    // Opening a job to work on it is what "seen by staff" means: the New badge goes.
    if (taken && job.staffViewedAt === null)
      await writeJob({
        db: device.db,
        session,
        lease: taken,
        jobId: job.id,
        change: { staffViewedAt: clock().toISOString() },
        now: clock(),
        newId,
      });
  };

  const steps = nextTransitions(job.state, 'staff');
  return (
    <main class="page" id="main">
      <div class="page-title">
        <h1>{job.displayName ?? job.name}</h1>
        <span class="state-pill" data-testid="job-state">
          {job.state.replace('_', ' ')}
        </span>
      </div>
      <JobConflictNotice jobId={job.id} />

      <section class="card lock" aria-labelledby="lock-title">
        <h2 id="lock-title">Lock</h2>
        <p data-testid="lock-status">
          {lock.holder
            ? lock.mine
              ? `You hold this job until ${formatTime(lock.holder.until, now)}.`
              : `${lock.holder.name} holds this job until ${formatTime(lock.holder.until, now)}. You can look, but not change it.`
            : 'Nobody holds this job. Take it to change it.'}
        </p>
        {lock.error && (
          <p class="form-error" role="alert">
            {lock.error}
          </p>
        )}
        {lock.mine ? (
          <button
            type="button"
            class="button"
            disabled={lock.busy}
            onClick={() => void lock.release()}
          >
            Release job
          </button>
        ) : (
          !lock.holder && (
            <button
              type="button"
              class="button button-primary"
              disabled={lock.busy}
              onClick={() => void take()}
            >
              Take job
            </button>
          )
        )}
      </section>

      {lock.mine && steps.length > 0 && (
        <section class="card" aria-labelledby="steps-title">
          <h2 id="steps-title">Next steps</h2>
          <div class="button-row">
            {steps.map((t) => (
              <button
                key={t.action + t.to}
                type="button"
                class="button"
                onClick={() => void change({ state: t.to })}
              >
                {label(t.action)}
              </button>
            ))}
          </div>
        </section>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}

      {job.planHash && (
        <p>
          <Link href={`/job/${job.id}/plot`} class="button">
            Plot
          </Link>
        </p>
      )}

      <section class="card" aria-labelledby="preview-title">
        <h2 id="preview-title">Drawing</h2>
        <DrawingPreview job={job} runs={runs.docs} />
      </section>

      <div class="detail-grid">
        <section class="card" aria-labelledby="setup-title">
          <h2 id="setup-title">Paper and pens</h2>
          <label class="field">
            <span>Paper</span>
            <select
              disabled={!lock.mine}
              value={job.paperId ?? ''}
              onChange={(e) =>
                void change(
                  { paperId: e.currentTarget.value || null },
                  { type: 'JobUpdated', details: { field: 'paper' } },
                )
              }
            >
              <option value="">No paper chosen</option>
              {papers.docs.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.widthMm} × {p.heightMm} mm)
                </option>
              ))}
            </select>
          </label>
          {job.layers.length === 0 ? (
            <p class="hint">
              No layers yet: they appear when the job’s drawing has been converted.
            </p>
          ) : (
            <table class="layers">
              <thead>
                <tr>
                  <th scope="col">Layer</th>
                  <th scope="col">Pen</th>
                </tr>
              </thead>
              <tbody>
                {[...job.layers]
                  .sort((a, b) => a.orderIndex - b.orderIndex)
                  .map((layer) => (
                    <tr key={layer.id}>
                      <td>{layer.name}</td>
                      <td>
                        <select
                          aria-label={`Pen for ${layer.name}`}
                          disabled={!lock.mine}
                          value={layer.penId ?? ''}
                          onChange={(e) => {
                            const penId = e.currentTarget.value || null;
                            void change(
                              {
                                layers: job.layers.map((l) =>
                                  l.id === layer.id ? { ...l, penId } : l,
                                ),
                              },
                              { type: 'JobUpdated', details: { field: `pen of ${layer.name}` } },
                            );
                          }}
                        >
                          <option value="">No pen</option>
                          {pens.docs.map((p) => (
                            <option key={p.id} value={p.id}>
                              {p.name}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
        </section>

        <section class="card" aria-labelledby="notes-title">
          <h2 id="notes-title">Notes</h2>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (notes !== null)
                void change({ notes: notes.trim() || null }, { type: 'NotesUpdated', details: {} });
            }}
          >
            <textarea
              aria-labelledby="notes-title"
              data-testid="notes"
              rows={5}
              maxLength={10_000}
              readOnly={!lock.mine}
              value={notes ?? job.notes ?? ''}
              onInput={(e) => setNotes(e.currentTarget.value)}
            />
            {lock.mine && (
              <button type="submit" class="button" disabled={notes === null}>
                Save notes
              </button>
            )}
          </form>
        </section>
      </div>

      <section class="card" aria-labelledby="plot-figures-title">
        <h2 id="plot-figures-title">Plot figures</h2>
        <LazyPlotRecord jobId={job.id} />
      </section>
      <section class="card" aria-labelledby="runs-title">
        <h2 id="runs-title">Runs</h2>
        <JobRuns runs={runs.docs} />
      </section>
      <section class="card" aria-labelledby="timeline-title">
        <h2 id="timeline-title">History</h2>
        <JobTimeline events={events.docs} now={now} />
      </section>
    </main>
  );
}
