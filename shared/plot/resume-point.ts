import { BLOCK_STRIDE, BlockKind } from '../plan/motion-block.ts';
import type { MotionPlan } from '../plan/plan-motion.ts';
import { PlotResumeError } from './plot-resume-error.ts';

/**
 * A place in a plan to continue from. At a pen-up boundary (`within` null) every block
 * before `blockIndex` is done and the pen is up. Inside a stroke (`within` set), the
 * carriage stopped at `within` on pen-down block `blockIndex`: the stroke is drawn up to
 * there and continues from there. The counters are the plan's at that place: the layer,
 * its finished paths and the pen-down distance drawn so far.
 */
export interface ResumePoint {
  blockIndex: number;
  within: { xMm: number; yMm: number } | null;
  layerIndex: number;
  pathIndex: number;
  penDownDistanceMm: number;
}

/** The start of the plan: nothing drawn. */
export function planStart(plan: MotionPlan): ResumePoint {
  const first = plan.layers[0]?.layerIndex ?? 0;
  return { blockIndex: 0, within: null, layerIndex: first, pathIndex: 0, penDownDistanceMm: 0 };
}

/**
 * The pen-up boundary a checkpoint stands for: the block after the `pathIndex`-th pen-up of
 * layer `layerIndex`. Throws `PlotResumeError` if the plan has no such pen-up or its
 * pen-down distance or position there differ from the checkpoint's (another plan).
 */
export function resumePointFromCheckpoint(
  plan: MotionPlan,
  checkpoint: {
    layerIndex: number;
    pathIndex: number;
    penDownDistanceMm: number;
    xMm: number;
    yMm: number;
  },
): ResumePoint {
  const b = plan.blocks;
  let layer = planStart(plan).layerIndex;
  let path = 0;
  let drawn = 0;
  for (let i = 0, o = 0; o < b.length; i++, o += BLOCK_STRIDE) {
    const kind = b[o];
    if (kind === BlockKind.layer) {
      layer = b[o + 5] as number;
      path = 0;
    } else if (kind === BlockKind.moveDown) drawn += segmentLength(b, o);
    else if (kind === BlockKind.penUp) {
      path++;
      if (layer !== checkpoint.layerIndex || path !== checkpoint.pathIndex) continue;
      const off = Math.hypot(
        (b[o + 3] as number) - checkpoint.xMm,
        (b[o + 4] as number) - checkpoint.yMm,
      );
      if (Math.abs(drawn - checkpoint.penDownDistanceMm) > 1e-6 * Math.max(1, drawn) || off > 1e-6)
        throw new PlotResumeError(
          'checkpoint-mismatch',
          `expected the checkpoint at layer ${layer} path ${path} to have drawn ${drawn.toFixed(3)} mm and stand at ${(b[o + 3] as number).toFixed(3)},${(b[o + 4] as number).toFixed(3)} mm, got ${checkpoint.penDownDistanceMm.toFixed(3)} mm at ${checkpoint.xMm.toFixed(3)},${checkpoint.yMm.toFixed(3)} mm`,
        );
      return {
        blockIndex: i + 1,
        within: null,
        layerIndex: layer,
        pathIndex: path,
        penDownDistanceMm: drawn,
      };
    }
  }
  throw new PlotResumeError(
    'checkpoint-mismatch',
    `expected the plan to have a path ${checkpoint.pathIndex} in layer ${checkpoint.layerIndex}, it has none`,
  );
}

/**
 * Where a board that kept power stopped, found from its step counters and pen: the first
 * place at or after `from` where the plan passes within `toleranceMm` of (xMm, yMm) with the
 * same pen state. Pen down: on a pen-down block (the stroke continues from exactly there).
 * Pen up: anywhere in a pen-up stretch (its travel is replanned), which gives the boundary at
 * the stretch's start. Null if the plan never passes there (the carriage was moved by hand).
 *
 * A closed stroke starts and ends at the same point; with the pen down there the first match
 * (the start: redraw rather than skip) wins unless `notBeforeBlock` says the board had
 * already acknowledged a later block (a board that kept power runs everything it acked).
 *
 * `penMayBeLifted`: the pen is up now, but may have been down when the board stopped (after
 * a fault the driver stops the board with `ES` and lifts the pen where it stands, so a board
 * read afterwards says pen up in the middle of a stroke). Pen-down places count too, and the
 * first place of either kind wins: the true place is among them, so nothing is skipped (a
 * pen-up stop on a travel that crosses an earlier stroke there redraws from that crossing).
 * A place at a stroke's very end is the pen-up boundary after it: the stroke is all drawn.
 */
export function locateBoardStop(
  plan: MotionPlan,
  from: ResumePoint,
  xMm: number,
  yMm: number,
  penUp: boolean,
  options: { toleranceMm?: number; notBeforeBlock?: number; penMayBeLifted?: boolean } = {},
): ResumePoint | null {
  const toleranceMm = options.toleranceMm ?? 1.5 / 80;
  const notBefore = options.notBeforeBlock ?? 0;
  const onStroke = !penUp || options.penMayBeLifted === true;
  // The carriage is at the very end of the stroke being read: the next pen-up is the place.
  let strokeDone = false;
  const b = plan.blocks;
  let layer = from.layerIndex;
  let path = from.pathIndex;
  let drawn = from.penDownDistanceMm;
  // The pen-up stretch we are in (if any) began at this boundary.
  let stretch: ResumePoint | null = from.within ? null : { ...from };
  const near = (x: number, y: number) => Math.hypot(x - xMm, y - yMm) <= toleranceMm;
  for (let i = from.blockIndex, o = i * BLOCK_STRIDE; o < b.length; i++, o += BLOCK_STRIDE) {
    const kind = b[o];
    let x0 = b[o + 1] as number;
    let y0 = b[o + 2] as number;
    if (i === from.blockIndex && from.within) {
      x0 = from.within.xMm;
      y0 = from.within.yMm;
    }
    const x1 = b[o + 3] as number;
    const y1 = b[o + 4] as number;
    const eligible = i >= notBefore;
    if (kind === BlockKind.layer) {
      layer = b[o + 5] as number;
      path = 0;
      // A carriage found further on in this stretch is past the marker (and a PAUSE's pen
      // swap): the boundary moves after it, so a resume does not ask for the swap again.
      if (stretch) stretch = { ...stretch, blockIndex: i + 1, layerIndex: layer, pathIndex: 0 };
    } else if (kind === BlockKind.pause) {
      if (stretch) stretch = { ...stretch, blockIndex: i + 1 };
    } else if (kind === BlockKind.penDown) {
      if (eligible && stretch && penUp && near(x1, y1)) return stretch;
      stretch = null;
    } else if (kind === BlockKind.penUp) {
      path++;
      stretch = {
        blockIndex: i + 1,
        within: null,
        layerIndex: layer,
        pathIndex: path,
        penDownDistanceMm: drawn,
      };
      if (eligible && penUp && (strokeDone || near(x1, y1))) return stretch;
    } else if (kind === BlockKind.moveUp) {
      if (
        eligible &&
        stretch &&
        penUp &&
        distanceToSegment(xMm, yMm, x0, y0, x1, y1).d <= toleranceMm
      )
        return stretch;
    } else if (kind === BlockKind.moveDown) {
      const hit = distanceToSegment(xMm, yMm, x0, y0, x1, y1);
      if (eligible && onStroke && hit.d <= toleranceMm) {
        const px = x0 + (x1 - x0) * hit.t;
        const py = y0 + (y1 - y0) * hit.t;
        // Pen up at a stroke's very end: all of it is drawn, and the boundary after the
        // stroke's pen-up block is the place (no pen lowered there to draw nothing).
        if (!penUp || strokeLeftMm(b, i, px, py, toleranceMm) > toleranceMm)
          return {
            blockIndex: i,
            within: { xMm: px, yMm: py },
            layerIndex: layer,
            pathIndex: path,
            penDownDistanceMm: drawn + Math.hypot(px - x0, py - y0),
          };
        strokeDone = true;
      }
      drawn += Math.hypot(x1 - x0, y1 - y0);
    }
  }
  return null;
}

/** The pen-down length from (px, py) on moveDown block `i` to its stroke's end, up to `capMm`. */
function strokeLeftMm(b: Float64Array, i: number, px: number, py: number, capMm: number): number {
  const o = i * BLOCK_STRIDE;
  let left = Math.hypot((b[o + 3] as number) - px, (b[o + 4] as number) - py);
  for (let k = o + BLOCK_STRIDE; k < b.length && left <= capMm; k += BLOCK_STRIDE) {
    if (b[k] === BlockKind.penUp) break;
    if (b[k] === BlockKind.moveDown) left += segmentLength(b, k);
  }
  return left;
}

function segmentLength(b: Float64Array, o: number): number {
  return Math.hypot(
    (b[o + 3] as number) - (b[o + 1] as number),
    (b[o + 4] as number) - (b[o + 2] as number),
  );
}

function distanceToSegment(
  x: number,
  y: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): { d: number; t: number } {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const l2 = dx * dx + dy * dy;
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / l2));
  return { d: Math.hypot(x - (x0 + dx * t), y - (y0 + dy * t)), t };
}
