import type { DrawingLayer, Polyline } from '../geometry/drawing.ts';
import { BlockBuffer } from './block-buffer.ts';
import type { DeviceProfile } from './device-profile.ts';
import { BlockKind } from './motion-block.ts';
import { PROGRESS_MASK, type ProgressCallback } from '../progress/progress-callback.ts';

/** Planner switches; all optional. */
export interface PlanMotionOptions {
  /** Where the pen is when the plan starts (default home, 0,0). The pen is up. */
  startXMm?: number;
  startYMm?: number;
  /** Travel back to home (0,0) at the end (default true). */
  returnHome?: boolean;
  /** Pause before a layer drawn with a different pen (default true). */
  pauseOnPenChange?: boolean;
  /**
   * Phases (accelerate / cruise / decelerate) of a segment shorter than this are merged
   * into a neighbouring phase of the same segment (default 5 ms); see planMotion.
   */
  minPhaseS?: number;
  /**
   * Hears (segments planned, all segments): at the start, after the first stroke that
   * takes the count past each further 1024 segments, and at the end. A single stroke is
   * planned without a report inside it (a million segments take well under a second).
   */
  onProgress?: ProgressCallback;
}

/** One plotted layer's place in the plan. */
export interface PlanLayer {
  /** Index of the layer in the array given to planMotion. */
  layerIndex: number;
  key: string;
  name: string;
  color: string | null;
  /** First block (its LAYER marker) and number of blocks up to the next layer's marker. */
  firstBlock: number;
  blockCount: number;
  pathCount: number;
  pointCount: number;
  /** The pen was changed before this layer (a different pen from the previous layer). */
  penChange: boolean;
  pauseBefore: boolean;
}

/** The plan: blocks in the motion-block format, exactly what the driver will stream. */
export interface MotionPlan {
  blocks: Float64Array;
  layers: PlanLayer[];
  /** Sum of all block durations, s. */
  durationS: number;
}

/**
 * Plans the motion for `layers` in plot order: pen-up travel to each stroke, pen down,
 * the stroke, pen up, and finally travel home. Skipped (`%`) layers produce nothing;
 * `!` layers and pen changes get a PAUSE block after their LAYER marker.
 *
 * Each stroke is planned in linear time: junction speeds from the grbl/Marlin junction
 * deviation rule (v² = a·δ·sin(θ/2)/(1 − sin(θ/2)), θ the angle between the segments,
 * capped at the pen-down speed), then one forward pass (v_k² ≤ v_{k−1}² + 2·a·L) and one
 * backward pass (v_k² ≤ v_{k+1}² + 2·a·L), starting and ending at rest; each segment is
 * then a trapezoid (accelerate, cruise, decelerate) emitted as up to three constant-
 * acceleration blocks. Pen-up travel is a single straight trapezoid from rest to rest.
 *
 * Plan time versus board time: the driver turns each block into an LM move with integer
 * steps (carrying the remainder, so positions never drift) and the EBB steps on a 25 kHz
 * tick, so each block may run up to one 40 µs tick longer than planned. Block count, not
 * step rounding, is what costs time, so phases shorter than `minPhaseS` (5 ms: 125 ticks,
 * under 0.8% even if every block lost a whole tick) are merged into a neighbouring phase of
 * the same segment. A merged block never exceeds the caps (its speed stays between its
 * ends' speeds, which are within the caps, and |v1² − v0²| ≤ 2·a·L holds for the whole
 * segment), it is only slightly slower. Segments themselves are kept at least one motor step
 * long by the optimiser; the bench reports the worst-case tick share of each plan.
 */
export function planMotion(
  layers: readonly DrawingLayer[],
  profile: DeviceProfile,
  options: PlanMotionOptions = {},
): MotionPlan {
  let segments = 0;
  let paths = 0;
  for (const layer of layers) {
    if (layer.options.skip) continue;
    paths += layer.paths.length;
    for (const p of layer.paths) segments += (p.length >> 1) - 1;
  }
  const out = new BlockBuffer(segments * 1.2 + paths * 6 + layers.length * 2 + 4);
  const planner = new StrokePlanner(out, options.minPhaseS ?? 0.005);
  const planLayers: PlanLayer[] = [];
  const returnHome = options.returnHome ?? true;
  const pauseOnPenChange = options.pauseOnPenChange ?? true;

  const { onProgress } = options;
  const reportEvery = PROGRESS_MASK + 1;
  let segmentsDone = 0;
  let nextReport = reportEvery;
  onProgress?.(0, segments);
  let x = options.startXMm ?? 0;
  let y = options.startYMm ?? 0;
  const up = profile.penUp;
  let previous: DrawingLayer | null = null;
  for (let li = 0; li < layers.length; li++) {
    const layer = layers[li]!;
    if (layer.options.skip) continue;
    const penChange =
      previous !== null && !(layer.color !== null && layer.color === previous.color);
    previous = layer;
    const firstBlock = out.blockCount;
    const last = planLayers[planLayers.length - 1];
    if (last) last.blockCount = firstBlock - last.firstBlock;
    out.push(BlockKind.layer, x, y, x, y, li, 0, 0);
    if (layer.options.pauseBefore || (penChange && pauseOnPenChange)) {
      out.push(BlockKind.pause, x, y, x, y, li, 0, 0);
    }
    const speedScale = (layer.options.speedPercent ?? 100) / 100;
    const downSpeed = profile.penDown.maxSpeedMmS * Math.min(1, Math.max(0.01, speedScale));
    const dropS = profile.penLowerS + (layer.options.penDownDelayMs ?? 0) / 1000;
    let pointCount = 0;
    for (const path of layer.paths) {
      const n = path.length >> 1;
      if (n < 1) continue;
      pointCount += n;
      const sx = path[0]!;
      const sy = path[1]!;
      planner.travel(x, y, sx, sy, up.maxSpeedMmS, up.accelMmS2);
      out.push(BlockKind.penDown, sx, sy, sx, sy, 0, 0, dropS);
      planner.stroke(path, downSpeed, profile.penDown.accelMmS2, profile.penDown.corneringMm);
      x = path[2 * n - 2]!;
      y = path[2 * n - 1]!;
      out.push(BlockKind.penUp, x, y, x, y, 0, 0, profile.penRaiseS);
      segmentsDone += n - 1;
      if (onProgress && segmentsDone >= nextReport) {
        onProgress(Math.min(segmentsDone, segments), segments);
        nextReport = segmentsDone + reportEvery;
      }
    }
    planLayers.push({
      layerIndex: li,
      key: layer.key,
      name: layer.name,
      color: layer.color,
      firstBlock,
      blockCount: 0,
      pathCount: layer.paths.length,
      pointCount,
      penChange,
      pauseBefore: layer.options.pauseBefore,
    });
  }
  if (returnHome) planner.travel(x, y, 0, 0, up.maxSpeedMmS, up.accelMmS2);
  onProgress?.(segments, segments);
  const lastLayer = planLayers[planLayers.length - 1];
  if (lastLayer) lastLayer.blockCount = out.blockCount - lastLayer.firstBlock;
  const blocks = out.finish();
  let durationS = 0;
  for (let i = 7; i < blocks.length; i += 8) durationS += blocks[i]!;
  return { blocks, layers: planLayers, durationS };
}

/** Scratch arrays reused across strokes so planning allocates nothing per segment. */
class StrokePlanner {
  readonly #out: BlockBuffer;
  readonly #minPhaseS: number;
  #px = new Float64Array(1024);
  #py = new Float64Array(1024);
  #len = new Float64Array(1024);
  #v2 = new Float64Array(1024);

  constructor(out: BlockBuffer, minPhaseS: number) {
    this.#out = out;
    this.#minPhaseS = minPhaseS;
  }

  travel(x0: number, y0: number, x1: number, y1: number, vmax: number, accel: number): void {
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (len < 1e-9) return;
    this.#segment(BlockKind.moveUp, x0, y0, x1, y1, len, 0, 0, vmax, accel);
  }

  stroke(path: Polyline, vmax: number, accel: number, corneringMm: number): void {
    const n = path.length >> 1;
    if (this.#px.length < n) {
      const size = Math.max(n, this.#px.length * 2);
      this.#px = new Float64Array(size);
      this.#py = new Float64Array(size);
      this.#len = new Float64Array(size);
      this.#v2 = new Float64Array(size);
    }
    const px = this.#px;
    const py = this.#py;
    const len = this.#len;
    const v2 = this.#v2;
    // Vertices with zero-length segments removed: m segments, m + 1 vertices.
    px[0] = path[0]!;
    py[0] = path[1]!;
    let m = 0;
    for (let i = 1; i < n; i++) {
      const x = path[2 * i]!;
      const y = path[2 * i + 1]!;
      const l = Math.hypot(x - px[m]!, y - py[m]!);
      if (l < 1e-9) continue;
      len[m] = l;
      m++;
      px[m] = x;
      py[m] = y;
    }
    if (m === 0) return;
    const vmax2 = vmax * vmax;
    const aDelta = accel * corneringMm;
    v2[0] = 0;
    v2[m] = 0;
    for (let k = 1; k < m; k++) {
      // cos θ between the reversed incoming and the outgoing direction (grbl's convention).
      const ux0 = (px[k]! - px[k - 1]!) / len[k - 1]!;
      const uy0 = (py[k]! - py[k - 1]!) / len[k - 1]!;
      const ux1 = (px[k + 1]! - px[k]!) / len[k]!;
      const uy1 = (py[k + 1]! - py[k]!) / len[k]!;
      const cosTheta = -(ux0 * ux1 + uy0 * uy1);
      let j2: number;
      if (cosTheta < -0.999999) j2 = vmax2;
      else if (cosTheta > 0.999999) j2 = 0;
      else {
        const sinHalf = Math.sqrt(0.5 * (1 - cosTheta));
        j2 = (aDelta * sinHalf) / (1 - sinHalf);
        if (j2 > vmax2) j2 = vmax2;
      }
      v2[k] = j2;
    }
    const twoA = 2 * accel;
    for (let k = 1; k <= m; k++) {
      const reach = v2[k - 1]! + twoA * len[k - 1]!;
      if (v2[k]! > reach) v2[k] = reach;
    }
    for (let k = m - 1; k >= 0; k--) {
      const reach = v2[k + 1]! + twoA * len[k]!;
      if (v2[k]! > reach) v2[k] = reach;
    }
    for (let k = 0; k < m; k++) {
      this.#segment(
        BlockKind.moveDown,
        px[k]!,
        py[k]!,
        px[k + 1]!,
        py[k + 1]!,
        len[k]!,
        Math.sqrt(v2[k]!),
        Math.sqrt(v2[k + 1]!),
        vmax,
        accel,
      );
    }
  }

  /** One straight segment from speed vs to ve: a trapezoid in up to three blocks. */
  #segment(
    kind: number,
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    l: number,
    vs: number,
    ve: number,
    vmax: number,
    accel: number,
  ): void {
    let vp = Math.sqrt(Math.min(vmax * vmax, accel * l + 0.5 * (vs * vs + ve * ve)));
    if (vp < vs) vp = vs;
    if (vp < ve) vp = ve;
    let da = (vp * vp - vs * vs) / (2 * accel);
    let dd = (vp * vp - ve * ve) / (2 * accel);
    let dc = l - da - dd;
    if (dc < 0) {
      // Rounding only (vp is at most the triangle peak): give the excess back.
      const scale = l / (da + dd);
      da *= scale;
      dd *= scale;
      dc = 0;
    }
    // Phases as [length, v0, v1]; drop empty ones, then merge ones too short to time well.
    let l0 = da;
    const a0 = vs;
    let b0 = vp;
    let l1 = dc;
    let a1 = vp;
    let b1 = vp;
    let l2 = dd;
    let a2 = vp;
    const b2 = ve;
    const minS = this.#minPhaseS;
    const eps = 1e-12;
    if (l0 > eps && l0 < minS * 0.5 * (a0 + b0) && (l1 > eps || (l2 > eps && a0 + b2 > 0))) {
      // Short acceleration: fold into the next non-empty phase.
      if (l1 > eps) {
        l1 += l0;
        a1 = a0;
      } else {
        l2 += l0;
        a2 = a0;
      }
      l0 = 0;
    }
    if (l2 > eps && l2 < minS * 0.5 * (a2 + b2) && (l1 > eps || (l0 > eps && a0 + b2 > 0))) {
      if (l1 > eps) {
        l1 += l2;
        b1 = b2;
      } else {
        l0 += l2;
        b0 = b2;
      }
      l2 = 0;
    }
    if (l1 > eps && l1 < minS * 0.5 * (a1 + b1) && l0 + l2 > eps) {
      if (l0 >= l2) {
        l0 += l1;
        b0 = b1;
      } else {
        l2 += l1;
        a2 = a1;
      }
      l1 = 0;
    }
    const ux = (x1 - x0) / l;
    const uy = (y1 - y0) / l;
    let s = 0;
    let cx = x0;
    let cy = y0;
    const out = this.#out;
    const last = l2 > eps ? 2 : l1 > eps ? 1 : 0;
    if (l0 > eps) {
      s += l0;
      const nx = last === 0 ? x1 : x0 + ux * s;
      const ny = last === 0 ? y1 : y0 + uy * s;
      out.push(kind, cx, cy, nx, ny, a0, b0, (2 * l0) / (a0 + b0));
      cx = nx;
      cy = ny;
    }
    if (l1 > eps) {
      s += l1;
      const nx = last === 1 ? x1 : x0 + ux * s;
      const ny = last === 1 ? y1 : y0 + uy * s;
      out.push(kind, cx, cy, nx, ny, a1, b1, (2 * l1) / (a1 + b1));
      cx = nx;
      cy = ny;
    }
    if (l2 > eps) {
      out.push(kind, cx, cy, x1, y1, a2, b2, (2 * l2) / (a2 + b2));
    }
  }
}
