import type { JobState } from '@fabdesk/shared/lifecycle/job-state.ts';
import type { EventType } from '@fabdesk/shared/models/event.ts';
import type { Layer } from '@fabdesk/shared/models/layer.ts';
import type { PlotRecorder } from '@fabdesk/shared/plot/plot-recorder.ts';
import { plotStatsRecord } from '@fabdesk/shared/plot/plot-stats-record.ts';
import type { ServerIdentity } from './job-server-client.ts';
import type { PlotObserver, PlotResult, PlotResumption } from './plot-observer.ts';
import type { PlotRecordEntry } from './plot-record-entry.ts';

type Details = Record<string, string | number | boolean | null>;

const END: Record<
  PlotResult,
  { to: JobState; event: 'PlotCompleted' | 'PlotAborted' | 'PlotFailed' | 'PlotPaused' }
> = {
  completed: { to: 'COMPLETED', event: 'PlotCompleted' },
  aborted: { to: 'ABORTED', event: 'PlotAborted' },
  failed: { to: 'FAILED', event: 'PlotFailed' },
  // A plotter fault after a checkpoint: the part plotted is a paused run, not a failed one.
  paused: { to: 'PAUSED', event: 'PlotPaused' },
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
 *   only starts; a PAUSED or PLOTTING job (an interrupted plot) first becomes PAUSED by the
 *   interruption if it was PLOTTING (PlotPaused, reason 'interrupted'), then PLOTTING with
 *   PlotResumed (after: 'interruption'): from its checkpoint (`positionFrom`, the layer and
 *   path it continues at), or — no checkpoint of it on this machine — from the start,
 *   which it says (`restartedFromStart`);
 * - each pause: PLOTTING → PAUSED (PlotPaused: pen-swap with the layer, or the reason)
 *   and back (PlotResumed, after: pen-swap | pause);
 * - the end: the `plot_stats` document (the shared PlotRecorder's figures, source
 *   'actual'), then COMPLETED/ABORTED/FAILED with its event and the measured figures; a
 *   plotter fault after a checkpoint is PAUSED instead (PlotPaused, reason 'fault', with
 *   the fault's code and message), as the console records it, so the job can go on from
 *   its checkpoint.
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

  started(recorder: PlotRecorder, plotter: string, _nowMs: number, resumed?: PlotResumption): void {
    this.recorder = recorder;
    this.plotter = plotter;
    const plan = recorder.plan;
    const estimatedS = tenths(plan.durationS);
    if (this.state === 'READY' || this.state === 'SCHEDULED')
      this.move('ARMED', 'PlotArmed', { plotter, checklist: null, client: 'fabdesk plot' });
    if (this.state === 'ARMED') {
      this.move('PLOTTING', 'PlotStarted', { ...this.o.details, plotter, estimatedS });
      return;
    }
    if (this.state === 'PLOTTING')
      this.move('PAUSED', 'PlotPaused', { reason: 'interrupted', layer: null, elapsedS: null });
    if (resumed) {
      const { point } = resumed;
      this.move('PLOTTING', 'PlotResumed', {
        after: 'interruption',
        positionFrom: resumed.positionFrom,
        // A checkpoint's layer is the plan's layer marker, not a position in its table.
        layer: plan.layers.find((l) => l.layerIndex === point.layerIndex)?.name ?? null,
        pathIndex: point.pathIndex,
        plotter,
        estimatedS: tenths(resumed.estimatedS),
      });
      return;
    }
    this.move('PLOTTING', 'PlotResumed', {
      after: 'interruption',
      restartedFromStart: true,
      layer: plan.layers[0]?.name ?? null,
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

  ended(
    result: PlotResult,
    nowMs: number,
    extra: { underruns?: number; message?: string; fault?: string },
  ): void {
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
    const end: Details = {
      durationS: tenths(recorder.elapsedS(nowMs)),
      estimatedS: tenths(recorder.plan.durationS),
      layersCompleted: recorder.layerRecords.filter((l) => l.completed).length,
      ...(extra.underruns === undefined ? {} : { underruns: extra.underruns }),
      ...(extra.message === undefined ? {} : { message: extra.message }),
    };
    if (result !== 'paused') {
      this.move(to, event, end);
      return;
    }
    const layer = recorder.currentLayer;
    this.move(to, event, {
      reason: 'fault',
      fault: extra.fault ?? null,
      layer: layer === null ? null : (recorder.plan.layers[layer]?.name ?? null),
      elapsedS: end.durationS ?? null,
      ...end,
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
