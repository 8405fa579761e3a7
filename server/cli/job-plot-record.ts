import type { JobState } from '@fabdesk/shared/lifecycle/job-state.ts';
import type { EventType } from '@fabdesk/shared/models/event.ts';
import type { Layer } from '@fabdesk/shared/models/layer.ts';
import type { PlotRecorder } from '@fabdesk/shared/plot/plot-recorder.ts';
import { plotStatsRecord } from '@fabdesk/shared/plot/plot-stats-record.ts';
import type { ServerIdentity } from './job-server-client.ts';
import type { PlotObserver, PlotResult } from './plot-observer.ts';
import type { PlotRecordEntry } from './plot-record-entry.ts';

type Details = Record<string, string | number | boolean | null>;

const END: Record<
  PlotResult,
  { to: JobState; event: 'PlotCompleted' | 'PlotAborted' | 'PlotFailed' }
> = {
  completed: { to: 'COMPLETED', event: 'PlotCompleted' },
  aborted: { to: 'ABORTED', event: 'PlotAborted' },
  failed: { to: 'FAILED', event: 'PlotFailed' },
};

/** The job as the plot found it, who is plotting, and where the record's writes go. */
export interface JobPlotRecordOptions {
  jobId: string;
  /** The job's state on the server when the plot starts. */
  state: JobState;
  /** The job's layers (the statistics tie each plan layer to one, and to its pen). */
  layers: readonly Layer[];
  /** The lease's fencing token: every move carries it. */
  fencingToken: number;
  me: ServerIdentity;
  add(entry: PlotRecordEntry): void;
  newId(): string;
  now(): Date;
  /** Added to PlotStarted and the statistics' metadata (e.g. the firmware asked for). */
  details: Details;
}

const tenths = (s: number) => Math.round(s * 10) / 10;

/**
 * The record of one `fabdesk plot <job id>`, written as the PWA's plot console writes it
 * (apps/pwa/src/plot/plot-controller.ts), so a plot from a Raspberry Pi next to the
 * plotter reads on every device like one from the browser:
 * - start: READY/SCHEDULED → ARMED (PlotArmed) → PLOTTING (PlotStarted); an ARMED job
 *   only starts; a PAUSED or PLOTTING job (an interrupted plot, whose checkpoint lives on
 *   the device that ran it) is recorded as resumed — the CLI plots it again from the start
 *   and says so (`restartedFromStart`);
 * - each pause: PLOTTING → PAUSED (PlotPaused: pen-swap with the layer, or the reason)
 *   and back (PlotResumed, after: pen-swap | pause);
 * - the end: the `plot_stats` document (the shared PlotRecorder's figures, source
 *   'actual'), then COMPLETED/ABORTED/FAILED with its event and the measured figures.
 * Each step is a job move plus its event, queued through `add` (which never waits).
 * Times are this machine's clock, made strictly increasing so the history's order
 * survives steps within one millisecond (the virtual plotter pauses in no time at all).
 */
export class JobPlotRecord implements PlotObserver {
  private state: JobState;
  private lastMs = 0;
  private recorder: PlotRecorder | null = null;
  private plotter = '';
  private readonly o: JobPlotRecordOptions;

  constructor(options: JobPlotRecordOptions) {
    this.o = options;
    this.state = options.state;
  }

  started(recorder: PlotRecorder, plotter: string, _nowMs: number): void {
    this.recorder = recorder;
    this.plotter = plotter;
    const estimatedS = tenths(recorder.plan.durationS);
    if (this.state === 'READY' || this.state === 'SCHEDULED')
      this.move('ARMED', 'PlotArmed', { plotter, checklist: null, client: 'fabdesk plot' });
    if (this.state === 'ARMED') {
      this.move('PLOTTING', 'PlotStarted', { ...this.o.details, plotter, estimatedS });
      return;
    }
    if (this.state === 'PLOTTING')
      this.move('PAUSED', 'PlotPaused', { reason: 'interrupted', layer: null, elapsedS: null });
    this.move('PLOTTING', 'PlotResumed', {
      after: 'interruption',
      restartedFromStart: true,
      layer: recorder.plan.layers[0]?.name ?? null,
      pathIndex: 0,
      plotter,
      estimatedS,
    });
  }

  paused(reason: 'user' | 'button' | 'plan', layer: number | null, nowMs: number): void {
    const plan = this.recorder?.plan;
    this.move('PAUSED', 'PlotPaused', {
      reason: reason === 'plan' ? 'pen-swap' : reason,
      layer: layer === null ? null : (plan?.layers[layer]?.name ?? null),
      elapsedS: tenths(this.recorder?.elapsedS(nowMs) ?? 0),
    });
  }

  resumed(after: 'pen-swap' | 'pause', _nowMs: number): void {
    this.move('PLOTTING', 'PlotResumed', { after });
  }

  ended(result: PlotResult, nowMs: number, extra: { underruns?: number; message?: string }): void {
    const recorder = this.recorder;
    if (!recorder) return;
    const { to, event } = END[result];
    const at = this.stamp();
    this.o.add({
      kind: 'stats',
      stats: plotStatsRecord({
        id: this.o.newId(),
        jobId: this.o.jobId,
        eventType: event,
        recorder,
        nowMs,
        at: new Date(at),
        jobLayers: this.o.layers,
        newId: this.o.newId,
        metadata: {
          ...this.o.details,
          plotter: this.plotter,
          workstation: this.o.me.workstation.name,
          client: 'fabdesk plot',
        },
      }),
    });
    this.move(to, event, {
      durationS: tenths(recorder.elapsedS(nowMs)),
      estimatedS: tenths(recorder.plan.durationS),
      layersCompleted: recorder.layerRecords.filter((l) => l.completed).length,
      ...(extra.underruns === undefined ? {} : { underruns: extra.underruns }),
      ...(extra.message === undefined ? {} : { message: extra.message }),
    });
  }

  /** One lifecycle step: the job's move and, at the same instant, its Plot* event. */
  private move(to: JobState, type: EventType, details: Details): void {
    const at = this.stamp();
    const { jobId, me } = this.o;
    this.o.add({
      kind: 'move',
      jobId,
      from: this.state,
      to,
      at,
      fencingToken: this.o.fencingToken,
    });
    this.o.add({
      kind: 'event',
      event: {
        id: this.o.newId(),
        jobId,
        type,
        details,
        triggeredBy: me.staff.id,
        triggeredByName: me.staff.name,
        workstationId: me.workstation.id,
        occurredAt: at,
        receivedAt: null,
      },
    });
    this.state = to;
  }

  private stamp(): string {
    this.lastMs = Math.max(this.o.now().getTime(), this.lastMs + 1);
    return new Date(this.lastMs).toISOString();
  }
}
