import { BLOCK_STRIDE, BlockField, BlockKind } from '../plan/motion-block.ts';
import type { MotionPlan } from '../plan/plan-motion.ts';
import type { PlotMeasured } from './plot-checkpoint.ts';

/** One plan layer's measured figures. */
export interface LayerRecord {
  /** Position in `plan.layers`. */
  layer: number;
  durationS: number;
  distancePlottedMm: number;
  distanceTravelMm: number;
  penDownTimeS: number;
  penUpTimeS: number;
  pathCount: number;
  pointCount: number;
  /** Whether the plot reached the end of this layer. */
  completed: boolean;
}

/**
 * What happened during one plot, fed by the driver's progress as the board accepts each
 * block, and by the console's clock (the board's clock for the virtual plotter). Distances,
 * pen-down/up times and paths count the blocks the board was given; durations are measured
 * on the clock between layer starts, without the time spent paused (pen swaps included), so
 * they are the plot's real time next to the plan's estimate. Remaining time is the plan's
 * own time for the blocks not yet given to the board. A plot resumed after an interruption
 * adds what the earlier run measured (`carryOver`, from the checkpoint's `measured`).
 */
export class PlotRecorder {
  readonly plan: MotionPlan;
  private readonly startS: Float64Array;
  private readonly layerOf: Int32Array;
  private readonly layers: LayerRecord[];
  private nextBlock = 0;
  private layerNow = -1;
  private layerStartMs = 0;
  private pausedSinceMs: number | null = null;
  private pausedInLayerMs = 0;
  private pausedTotalMs = 0;
  private startedMs: number | null = null;
  private penChangeCount = 0;
  private carriedS = 0;

  constructor(plan: MotionPlan) {
    this.plan = plan;
    const count = plan.blocks.length / BLOCK_STRIDE;
    this.startS = new Float64Array(count + 1);
    this.layerOf = new Int32Array(count).fill(Math.max(0, plan.layers.length - 1));
    for (let i = 0; i < count; i++)
      this.startS[i + 1] =
        (this.startS[i] ?? 0) + (plan.blocks[i * BLOCK_STRIDE + BlockField.durationS] ?? 0);
    plan.layers.forEach((layer, position) => {
      const from = position === 0 ? 0 : layer.firstBlock;
      this.layerOf.fill(position, from, layer.firstBlock + layer.blockCount);
    });
    this.layers = plan.layers.map((_, layer) => ({
      layer,
      durationS: 0,
      distancePlottedMm: 0,
      distanceTravelMm: 0,
      penDownTimeS: 0,
      penUpTimeS: 0,
      pathCount: 0,
      pointCount: 0,
      completed: false,
    }));
  }

  start(nowMs: number): void {
    this.startedMs = nowMs;
    this.layerStartMs = nowMs;
  }

  /** The board accepted everything up to block `blockIndex`. */
  reached(blockIndex: number, nowMs: number): void {
    const b = this.plan.blocks;
    for (; this.nextBlock <= blockIndex; this.nextBlock++) {
      const layer = this.layerOf[this.nextBlock] ?? 0;
      if (layer !== this.layerNow) this.enterLayer(layer, nowMs);
      const rec = this.layers[layer];
      if (!rec) continue;
      const o = this.nextBlock * BLOCK_STRIDE;
      const kind = b[o + BlockField.kind];
      const durationS = b[o + BlockField.durationS] ?? 0;
      const lengthMm = Math.hypot(
        (b[o + BlockField.x1] ?? 0) - (b[o + BlockField.x0] ?? 0),
        (b[o + BlockField.y1] ?? 0) - (b[o + BlockField.y0] ?? 0),
      );
      if (kind === BlockKind.moveDown) {
        rec.distancePlottedMm += lengthMm;
        rec.penDownTimeS += durationS;
        rec.pointCount++;
      } else {
        if (kind === BlockKind.moveUp) rec.distanceTravelMm += lengthMm;
        if (kind === BlockKind.penDown) {
          rec.pathCount++;
          rec.pointCount++;
        }
        rec.penUpTimeS += durationS;
      }
    }
  }

  private enterLayer(layer: number, nowMs: number): void {
    this.closeLayer(nowMs, true);
    this.layerNow = layer;
    this.layerStartMs = nowMs;
    this.pausedInLayerMs = 0;
    if (this.plan.layers[layer]?.penChange) this.penChangeCount++;
  }

  private closeLayer(nowMs: number, completed: boolean): void {
    const rec = this.layers[this.layerNow];
    if (!rec) return;
    rec.durationS += Math.max(0, nowMs - this.layerStartMs - this.pausedInLayerMs) / 1000;
    // A plot stopped at a pen swap has finished the layer before it.
    const layer = this.plan.layers[this.layerNow];
    rec.completed =
      completed || (layer !== undefined && this.nextBlock >= layer.firstBlock + layer.blockCount);
    this.layerStartMs = nowMs;
    this.pausedInLayerMs = 0;
  }

  paused(nowMs: number): void {
    this.pausedSinceMs ??= nowMs;
  }

  resumed(nowMs: number): void {
    if (this.pausedSinceMs === null) return;
    this.pausedInLayerMs += nowMs - this.pausedSinceMs;
    this.pausedTotalMs += nowMs - this.pausedSinceMs;
    this.pausedSinceMs = null;
  }

  /** The plot ended (completed or not): closes the current layer's clock. */
  finish(nowMs: number, completed: boolean): void {
    this.resumed(nowMs);
    this.closeLayer(nowMs, completed);
  }

  /** Plot time so far, pauses left out (and an earlier run's time carried over), s. */
  elapsedS(nowMs: number): number {
    if (this.startedMs === null) return this.carriedS;
    const pausedMs =
      this.pausedTotalMs + (this.pausedSinceMs === null ? 0 : nowMs - this.pausedSinceMs);
    return this.carriedS + Math.max(0, nowMs - this.startedMs - pausedMs) / 1000;
  }

  /**
   * An earlier run of this plot measured `earlier` before it was interrupted: its plot time
   * and layer times count in this one's. Call before `start`.
   */
  carryOver(earlier: PlotMeasured): void {
    this.carriedS += earlier.elapsedS;
    earlier.layerDurationsS.forEach((s, layer) => {
      const rec = this.layers[layer];
      if (rec) rec.durationS += s;
    });
  }

  /** Plot time and each layer's time so far, pauses left out (for a checkpoint). */
  measuredSoFar(nowMs: number): PlotMeasured {
    const layerDurationsS = this.layers.map((l) => l.durationS);
    const current = this.layerNow;
    if (current >= 0 && current < layerDurationsS.length) {
      const pausedMs =
        this.pausedInLayerMs + (this.pausedSinceMs === null ? 0 : nowMs - this.pausedSinceMs);
      layerDurationsS[current] =
        (layerDurationsS[current] ?? 0) + Math.max(0, nowMs - this.layerStartMs - pausedMs) / 1000;
    }
    return { elapsedS: this.elapsedS(nowMs), layerDurationsS };
  }

  /** The plan's time for the blocks not yet given to the board, s. */
  remainingS(): number {
    const count = this.plan.blocks.length / BLOCK_STRIDE;
    return (this.startS[count] ?? 0) - (this.startS[this.nextBlock] ?? 0);
  }

  /** Position in the plan's layer table of the layer being drawn, or null before the first. */
  get currentLayer(): number | null {
    return this.layerNow < 0 ? null : this.layerNow;
  }

  /**
   * The layer the board starts next: the first whose LAYER marker it has not been given (a
   * plan PAUSE block sits right after that marker, so this is the layer a pen swap is for).
   */
  upcomingLayer(): number | null {
    const next = this.plan.layers.findIndex((l) => l.firstBlock >= this.nextBlock);
    return next < 0 ? null : next;
  }

  get penChanges(): number {
    return this.penChangeCount;
  }

  get layerRecords(): readonly LayerRecord[] {
    return this.layers;
  }
}
