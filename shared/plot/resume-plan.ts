import type { DrawingLayer } from '../geometry/drawing.ts';
import type { DeviceProfile } from '../plan/device-profile.ts';
import { BLOCK_STRIDE, BlockKind } from '../plan/motion-block.ts';
import { type MotionPlan, planMotion } from '../plan/plan-motion.ts';
import { readPlanStroke } from '../plan/read-plan-stroke.ts';
import type { ResumePoint } from './resume-point.ts';

/** Where the driver's checkpoints of a resumed run stand in the original plan. */
export interface PlanProgress {
  layerIndex: number;
  pathIndex: number;
  penDownDistanceMm: number;
  xMm: number;
  yMm: number;
}

/** The rest of a plan, ready for `EbbDriver.plot`, and how its progress maps back. */
export interface ResumedPlan {
  blocks: Float64Array;
  durationS: number;
  /** For each block, the original block it continues (a lower bound inside a replanned stroke). */
  sourceBlock: Int32Array;
  /** A checkpoint the driver reported for `blocks`, in the original plan's terms. */
  toPlanProgress(driver: {
    layer: number;
    pathIndex: number;
    penDownDistanceMm: number;
    xMm: number;
    yMm: number;
  }): PlanProgress;
}

/**
 * The blocks that finish `plan` from `point`, with the pen up and the carriage at
 * (fromXMm, fromYMm): a LAYER marker for the point's layer (so the driver's counters restart
 * there), a pen-up travel from the carriage to where drawing continues, then
 *  - inside a stroke: pen down and the stroke's remaining polyline replanned from rest
 *    (same speed cap as the original stroke), pen up, then the original blocks after it;
 *  - at a boundary: the original blocks from the next pen-down on (LAYER and PAUSE markers
 *    in between are kept; the original travel is replaced by the new one).
 * The driver lifts the pen itself when a plot starts (`QP`), so no pen-up block is added:
 * that would count a path that was not drawn.
 */
export function resumePlan(
  plan: MotionPlan,
  point: ResumePoint,
  profile: DeviceProfile,
  fromXMm: number,
  fromYMm: number,
): ResumedPlan {
  const b = plan.blocks;
  const total = b.length / BLOCK_STRIDE;
  const out: number[] = [];
  const source: number[] = [];
  const push = (src: number, block: ArrayLike<number>) => {
    for (let k = 0; k < BLOCK_STRIDE; k++) out.push(block[k] as number);
    source.push(src);
  };
  push(point.blockIndex, [
    BlockKind.layer,
    fromXMm,
    fromYMm,
    fromXMm,
    fromYMm,
    point.layerIndex,
    0,
    0,
  ]);

  let next = point.blockIndex;
  if (point.within) {
    const { xMm, yMm } = point.within;
    // The stroke's remaining vertices, its pen-up block and the speed it was planned at.
    const original = readPlanStroke(b, next);
    const penUp = original.penUp;
    const vmax = original.peakMmS;
    const penDownS = original.penDownS ?? 0;
    const penUpS = original.penUpS ?? profile.penRaiseS;
    const layer: DrawingLayer = {
      key: 'resume',
      name: 'resume',
      order: 0,
      color: null,
      options: { pauseBefore: false, skip: false },
      paths: [original.polyline(next, xMm, yMm)],
    };
    const capped: DeviceProfile = {
      ...profile,
      penDown: {
        ...profile.penDown,
        maxSpeedMmS: Math.max(1, Math.min(vmax, profile.penDown.maxSpeedMmS)),
      },
      penLowerS: penDownS,
      penRaiseS: penUpS,
    };
    const stroke = planMotion([layer], capped, {
      startXMm: fromXMm,
      startYMm: fromYMm,
      returnHome: false,
      pauseOnPenChange: false,
    }).blocks;
    // Skip its LAYER marker; the point's own marker is already out.
    for (let o = BLOCK_STRIDE; o < stroke.length; o += BLOCK_STRIDE)
      push(point.blockIndex, stroke.subarray(o, o + BLOCK_STRIDE));
    next = penUp + 1;
  } else {
    let at = next;
    while (at < total && b[at * BLOCK_STRIDE] !== BlockKind.penDown) {
      const o = at * BLOCK_STRIDE;
      if (b[o] !== BlockKind.moveUp) push(at, b.subarray(o, o + BLOCK_STRIDE));
      at++;
    }
    // Travel to the next stroke, or to where the plan ends (home) if no stroke is left.
    let tx = fromXMm;
    let ty = fromYMm;
    if (at < total) {
      tx = b[at * BLOCK_STRIDE + 1] as number;
      ty = b[at * BLOCK_STRIDE + 2] as number;
    } else if (total > 0) {
      tx = b[total * BLOCK_STRIDE - 5] as number;
      ty = b[total * BLOCK_STRIDE - 4] as number;
    }
    for (const block of travel(profile, fromXMm, fromYMm, tx, ty)) push(at, block);
    next = at;
  }
  for (let i = next; i < total; i++) push(i, b.subarray(i * BLOCK_STRIDE, (i + 1) * BLOCK_STRIDE));

  const blocks = new Float64Array(out);
  let durationS = 0;
  for (let o = 7; o < blocks.length; o += BLOCK_STRIDE) durationS += blocks[o] as number;
  return {
    blocks,
    durationS,
    sourceBlock: Int32Array.from(source),
    toPlanProgress: (cp) => ({
      layerIndex: cp.layer,
      // Only the point's own layer started part-way; later layers restart from 0 in both.
      pathIndex: cp.layer === point.layerIndex ? point.pathIndex + cp.pathIndex : cp.pathIndex,
      penDownDistanceMm: point.penDownDistanceMm + cp.penDownDistanceMm,
      xMm: cp.xMm,
      yMm: cp.yMm,
    }),
  };
}

/** A pen-up travel planned like the planner's own (rest to rest trapezoid). */
function travel(
  profile: DeviceProfile,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): Float64Array[] {
  // planMotion's return-home travel goes to 0,0: plan it in a frame with (x1, y1) at 0,0.
  const rel = planMotion([], profile, { startXMm: x0 - x1, startYMm: y0 - y1 }).blocks;
  const blocks: Float64Array[] = [];
  for (let o = 0; o < rel.length; o += BLOCK_STRIDE) {
    const block = rel.slice(o, o + BLOCK_STRIDE);
    block[1] = (block[1] as number) + x1;
    block[2] = (block[2] as number) + y1;
    block[3] = (block[3] as number) + x1;
    block[4] = (block[4] as number) + y1;
    blocks.push(block);
  }
  return blocks;
}
