import type { JobState } from '@fabdesk/shared/lifecycle/job-state.ts';
import type { Job } from '@fabdesk/shared/models/job.ts';
import type { Pen } from '@fabdesk/shared/models/pen.ts';
import { layerPenName } from '@fabdesk/shared/plot/layer-pen-name.ts';
import { type PlotCheckpoint, PlotCheckpointSchema } from '@fabdesk/shared/plot/plot-checkpoint.ts';
import { plotStatsRecord } from '@fabdesk/shared/plot/plot-stats-record.ts';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Link } from '../components/link.tsx';
import { describeWriteError } from '../data/describe-write-error.ts';
import { writeJob } from '../data/write-job.ts';
import { useCollection } from '../hooks/use-collection.ts';
import { useJobLease } from '../hooks/use-job-lease.ts';
import { useServices, useSignedIn } from '../hooks/use-services.ts';
import type { PlotOptions, PlotRecordPort } from '../plot/plot-controller.ts';
import { PlotProgressCanvas } from '../plot/plot-progress-canvas.tsx';
import { ConfirmHomePrompt, PenSwapPrompt } from '../plot/plot-prompts.tsx';
import { PlotRecord } from '../plot/plot-record.tsx';
import { PlotTimes } from '../plot/plot-times.tsx';
import { PlotterCard } from '../plot/plotter-card.tsx';
import { DEFAULT_PLOTTER_SETTINGS, type PlotterSettings } from '../plot/plotter-settings.ts';
import { PreflightCard } from '../plot/preflight-card.tsx';
import { useJobPlan } from '../plot/use-job-plan.ts';
import { usePlotController } from '../plot/use-plot-controller.ts';
import { usePlotterPlan } from '../plot/use-plotter-plan.ts';
import { NotFoundScreen } from './not-found-screen.tsx';
import '../plot/plot-console.css';

const ARMABLE: readonly JobState[] = ['READY', 'SCHEDULED'];

/**
 * `/job/:id/plot`: connect a plotter (or the virtual one), calibrate the pen, check the
 * sheet, arm, and plot the job's plan (planned again for the plotter's own speeds when they
 * are not the stock ones the server planned with) with live progress, pen swaps between layers,
 * pause/resume/abort. Everything a plot does is written to the job under its lease (held
 * and renewed while this screen is open): lifecycle moves with Plot* events, a checkpoint
 * at every pen-up, the statistics at the end; all of it local first, synced when online.
 */
export function PlotConsoleScreen(props: { jobId: string }) {
  const { newId, now } = useServices();
  const { session, device } = useSignedIn();
  const jobs = useCollection<Job>('jobs', { selector: { id: props.jobId } });
  const pens = useCollection<Pen>('pens', {});
  const lock = useJobLease(props.jobId);
  const job = jobs.docs[0];
  const plan = useJobPlan(job?.planHash ?? null);
  const { controller, state } = usePlotController(props.jobId);
  const [settings, setSettings] = useState<PlotterSettings>(DEFAULT_PLOTTER_SETTINGS);
  const [settingsInvalid, setSettingsInvalid] = useState(false);
  const plotterPlan = usePlotterPlan(plan, settings);
  const [error, setError] = useState<string | null>(null);
  // The power-lost resume waits here until the user has homed the carriage by hand.
  const [homeAsk, setHomeAsk] = useState<{ confirm(): void; cancel(): void } | null>(null);
  const checkpointDocs = useCollection<{ data: unknown }>('device_state', {
    selector: { id: `plot-checkpoint:${props.jobId}` },
  });
  // Plot callbacks write long after this render: they read the newest lease and job here.
  const latest = useRef({ lease: lock.mine ? lock.lease : undefined, job });
  latest.current = { lease: lock.mine ? lock.lease : undefined, job };

  useEffect(() => setError(null), [state.phase]);

  if (!job) {
    if (jobs.loading) return <main class="page" id="main" aria-busy="true" />;
    return <NotFoundScreen what="This job is not on this device." />;
  }

  const write = async (
    change: Parameters<typeof writeJob>[0]['change'],
    event?: Parameters<typeof writeJob>[0]['event'],
  ) => {
    const lease = latest.current.lease;
    if (!lease) throw new Error('this device no longer holds the job');
    await writeJob({
      db: device.db,
      session,
      lease,
      jobId: job.id,
      change,
      now: now(),
      newId,
      ...(event ? { event } : {}),
    });
  };
  const checkpointId = `plot-checkpoint:${job.id}`;
  const record: PlotRecordPort = {
    moveJob: (to, event) => write({ state: to }, event),
    async saveCheckpoint(checkpoint) {
      await device.db.device_state.upsert({
        id: checkpointId,
        kind: 'plot-checkpoint',
        collectionName: null,
        docId: job.id,
        ours: null,
        theirs: null,
        lostFields: [],
        data: checkpoint,
        at: now().toISOString(),
      });
    },
    async clearCheckpoint() {
      await (await device.db.device_state.findOne(checkpointId).exec())?.remove();
    },
    async saveStats(make) {
      await device.db.plot_stats.insert(make(newId()));
    },
  };

  const arm = () =>
    write(
      { state: 'ARMED' },
      { type: 'PlotArmed', details: { plotter: state.connection, checklist: 'done' } },
    ).catch((e) => setError(describeWriteError(e)));
  const stats =
    (extra: Record<string, boolean>): PlotOptions['stats'] =>
    (recorder, nowMs, eventType, id) =>
      plotStatsRecord({
        id,
        jobId: job.id,
        eventType,
        recorder,
        nowMs,
        at: now(),
        jobLayers: latest.current.job?.layers ?? [],
        newId,
        metadata: { plotter: state.connection, workstation: session.workstation.name, ...extra },
      });
  // The plan for this plotter: the job's, or planned again for the plotter's limits.
  const ready = plotterPlan.status === 'ready' ? plotterPlan : null;
  const start = () => {
    if (!ready || !job.planHash || settingsInvalid) return;
    void controller.plot({
      jobId: job.id,
      planHash: job.planHash,
      plan: ready.plan,
      // Strokes continued after a pause-now are planned with the plotter's own limits too.
      profile: ready.profile,
      record,
      details: { firmware: state.connection, replanned: ready.replanned },
      stats: stats({}),
    });
  };

  /** The stored checkpoint of this job's current plan, if one parses. */
  const stored: PlotCheckpoint | null = (() => {
    const parsed = PlotCheckpointSchema.safeParse(checkpointDocs.docs[0]?.data);
    return parsed.success && parsed.data.jobId === job.id && parsed.data.planHash === job.planHash
      ? parsed.data
      : null;
  })();
  const resumeInterrupted = () => {
    if (!ready || !job.planHash || !stored || settingsInvalid) return;
    // Checkpoints count layers, paths and pen-down distance, which a replan keeps: the
    // stored one means the same place in the plan for this plotter.
    void controller.resumeInterrupted({
      jobId: job.id,
      planHash: job.planHash,
      plan: ready.plan,
      profile: ready.profile,
      record,
      details: { firmware: state.connection, replanned: ready.replanned },
      checkpoint: stored,
      jobState: job.state,
      confirmHome: () =>
        new Promise<void>((resolve, reject) =>
          setHomeAsk({
            confirm: () => {
              setHomeAsk(null);
              resolve();
            },
            cancel: () => {
              setHomeAsk(null);
              reject(new Error('the carriage was not confirmed at home'));
            },
          }),
        ),
      stats: stats({ resumed: true }),
    });
  };

  const planLayers = ready?.plan.layers ?? (plan.status === 'ready' ? plan.blob.plan.layers : []);
  const penFor = (i: number | null) => layerPenName(i, planLayers, job.layers, pens.docs);
  const layerName = (i: number | null) => (i === null ? '' : (planLayers[i]?.name ?? ''));
  const connected = state.phase !== 'disconnected' && state.phase !== 'connecting';
  const running = controller.busy;
  const interrupted = !running && (job.state === 'PLOTTING' || job.state === 'PAUSED');

  return (
    <main class="page" id="main">
      <div class="page-title">
        <h1>Plot: {job.displayName ?? job.name}</h1>
        <span class="state-pill" data-testid="job-state">
          {job.state.replace('_', ' ')}
        </span>
      </div>
      <p>
        <Link href={`/job/${job.id}`}>Back to the job</Link>
      </p>

      {!lock.mine && (
        <section class="card" aria-labelledby="plot-lock-title">
          <h2 id="plot-lock-title">Lock</h2>
          <p>
            {lock.holder
              ? `${lock.holder.name} holds this job. Only the holder can plot it.`
              : 'Take the job to plot it: the lock is held and renewed while this console is open.'}
          </p>
          {!lock.holder && (
            <button
              type="button"
              class="button button-primary"
              disabled={lock.busy}
              onClick={() => void lock.acquire()}
            >
              Take job
            </button>
          )}
          {lock.error && (
            <p class="form-error" role="alert">
              {lock.error}
            </p>
          )}
        </section>
      )}

      <PlotterCard
        controller={controller}
        state={state}
        settings={settings}
        onSettings={setSettings}
        onInvalid={setSettingsInvalid}
      />

      {lock.mine && connected && ARMABLE.includes(job.state) && (
        <PreflightCard
          disabled={!ready}
          onArm={() => void arm()}
          firstPen={penFor(planLayers.length > 0 ? 0 : null)}
        />
      )}

      <section class="card" aria-labelledby="run-title">
        <h2 id="run-title">Plot</h2>
        {plan.status === 'loading' && <p aria-busy="true">Loading the plan…</p>}
        {plan.status === 'none' && <p class="hint">This job has no plan yet.</p>}
        {plan.status === 'error' && (
          <p class="form-error" role="alert">
            {plan.message}
          </p>
        )}
        {plan.status === 'ready' && (
          <>
            <PlotTimes
              state={state}
              plan={plotterPlan}
              layer={
                state.layer === null ? '—' : `${layerName(state.layer)} (${penFor(state.layer)})`
              }
            />
            <p data-testid="plot-phase" role="status">
              {PHASE_TEXT[state.phase]}
            </p>
            {homeAsk && <ConfirmHomePrompt onConfirm={homeAsk.confirm} onCancel={homeAsk.cancel} />}
            {state.phase === 'pen-swap' && (
              <PenSwapPrompt
                layerName={layerName(state.swapLayer)}
                penName={penFor(state.swapLayer)}
                penChange={state.swapLayer === null || !!planLayers[state.swapLayer]?.penChange}
                onContinue={() => controller.resume()}
              />
            )}
            <div class="button-row">
              {job.state === 'ARMED' && !running && (
                <button
                  type="button"
                  class="button button-primary"
                  disabled={!lock.mine || !connected || !ready || settingsInvalid}
                  onClick={start}
                >
                  Start plot
                </button>
              )}
              {state.phase === 'plotting' && (
                <>
                  <button
                    type="button"
                    class="button"
                    onClick={() => controller.pause('end-of-path')}
                  >
                    Pause after this path
                  </button>
                  <button type="button" class="button" onClick={() => controller.pause('now')}>
                    Pause now
                  </button>
                </>
              )}
              {state.phase === 'paused' && (
                <button
                  type="button"
                  class="button button-primary"
                  onClick={() => controller.resume()}
                >
                  Resume
                </button>
              )}
              {running && state.phase !== 'aborting' && state.phase !== 'resuming' && (
                <button
                  type="button"
                  class="button button-danger"
                  onClick={() => controller.abort()}
                >
                  Abort (pen up, home)
                </button>
              )}
              {interrupted && lock.mine && stored && (
                <button
                  type="button"
                  class="button button-primary"
                  disabled={!connected || !ready || settingsInvalid}
                  onClick={resumeInterrupted}
                >
                  Resume from the last pen-up (layer {stored.layerIndex + 1}, path{' '}
                  {stored.pathIndex})
                </button>
              )}
              {interrupted && lock.mine && (
                <button
                  type="button"
                  class="button button-danger"
                  onClick={() =>
                    void write(
                      { state: 'FAILED' },
                      {
                        type: 'PlotFailed',
                        details: {
                          message:
                            'the interrupted plot was not resumed (marked as failed by hand)',
                        },
                      },
                    ).catch((e) => setError(describeWriteError(e)))
                  }
                >
                  Mark the interrupted plot as failed
                </button>
              )}
            </div>
            {interrupted && lock.mine && stored && !connected && (
              <p class="hint">Connect the plotter (or the virtual one) to resume.</p>
            )}
            {settingsInvalid && (
              <p class="hint">Correct the plotter settings marked above to plot.</p>
            )}
            {state.message && (
              <p class="form-error" role="alert">
                {state.message}
              </p>
            )}
            {error && (
              <p class="form-error" role="alert">
                {error}
              </p>
            )}
            <PlotProgressCanvas
              drawing={plan.drawing}
              position={state.position}
              penDown={state.penDown}
              label={`The plan with the pen's position, ${planLayers.length} layer${planLayers.length === 1 ? '' : 's'}`}
            />
          </>
        )}
      </section>

      <section class="card" aria-labelledby="record-title">
        <h2 id="record-title">Plot figures</h2>
        <PlotRecord jobId={job.id} />
      </section>
    </main>
  );
}

const PHASE_TEXT: Record<string, string> = {
  disconnected: 'Connect a plotter to plot.',
  connecting: 'Connecting…',
  resuming: 'Resuming: finding where the plot stopped…',
  ready: 'Plotter ready.',
  plotting: 'Plotting…',
  pausing: 'Pausing: the moves already sent to the plotter finish first…',
  paused: 'Paused. The pen is up.',
  'pen-swap': 'Waiting for a pen change.',
  completed: 'Plot complete.',
  aborting: 'Stopping: pen up, going home…',
  aborted: 'Plot aborted. The carriage is home.',
  stopped: 'The plotter stopped the plot. The job is paused.',
  failed: 'The plot failed.',
};
