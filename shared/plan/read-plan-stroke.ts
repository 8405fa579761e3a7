import { BLOCK_STRIDE, BlockKind } from './motion-block.ts';

/** One pen-down stroke of a plan, read back from its blocks. */
export interface PlanStroke {
  /** Its PEN_DOWN block, or −1 if the plan has none before its moves. */
  penDown: number;
  /** First moveDown block; equals `penUp` for a dot (pen down and up, no move). */
  firstMove: number;
  /** Its PEN_UP block (the block after the last moveDown), or the block count if none. */
  penUp: number;
  /** Highest speed the stroke reaches, mm/s. */
  peakMmS: number;
  /**
   * Highest constant-speed (cruise) block speed, mm/s, or 0 if it never cruises. The
   * planner only cruises at the stroke's speed cap, so this is the cap when it is not 0.
   */
  cruiseMmS: number;
  /** Servo times of its PEN_DOWN and PEN_UP blocks, s (null when the block is missing). */
  penDownS: number | null;
  penUpS: number | null;
  /**
   * The stroke's polyline from (xMm, yMm) through the ends of blocks `from`…penUp−1
   * (`from` defaults to `firstMove`, (xMm, yMm) to the stroke's start). The planner splits a
   * segment into up to three collinear blocks (accelerate, cruise, decelerate): those split
   * points are dropped, so the polyline has the drawing's own vertices and planning it
   * again does not pile up more of them.
   */
  polyline(from?: number, xMm?: number, yMm?: number): Float64Array;
}

/**
 * The stroke that block `at` (its PEN_DOWN block or one of its moveDown blocks) belongs to.
 * Shared by everything that plans a plan's strokes again: a resume from the middle of a
 * stroke and a replan for another plotter's motion limits.
 */
export function readPlanStroke(blocks: Float64Array, at: number): PlanStroke {
  const total = blocks.length / BLOCK_STRIDE;
  const kind = (i: number) => blocks[i * BLOCK_STRIDE];
  let firstMove = kind(at) === BlockKind.penDown ? at + 1 : at;
  while (firstMove > 0 && kind(firstMove - 1) === BlockKind.moveDown) firstMove--;
  const penDown = firstMove > 0 && kind(firstMove - 1) === BlockKind.penDown ? firstMove - 1 : -1;
  let penUp = firstMove;
  let peakMmS = 0;
  let cruiseMmS = 0;
  while (penUp < total && kind(penUp) === BlockKind.moveDown) {
    const v0 = blocks[penUp * BLOCK_STRIDE + 5] as number;
    const v1 = blocks[penUp * BLOCK_STRIDE + 6] as number;
    if (v0 > peakMmS) peakMmS = v0;
    if (v1 > peakMmS) peakMmS = v1;
    if (v0 > 0 && Math.abs(v1 - v0) <= 1e-9 * v0 && v0 > cruiseMmS) cruiseMmS = v0;
    penUp++;
  }
  const startAt = penDown >= 0 ? penDown : firstMove;
  const startX = blocks[startAt * BLOCK_STRIDE + 1] as number;
  const startY = blocks[startAt * BLOCK_STRIDE + 2] as number;
  return {
    penDown,
    firstMove,
    penUp,
    peakMmS,
    cruiseMmS,
    penDownS: penDown >= 0 ? (blocks[penDown * BLOCK_STRIDE + 7] as number) : null,
    penUpS:
      penUp < total && kind(penUp) === BlockKind.penUp
        ? (blocks[penUp * BLOCK_STRIDE + 7] as number)
        : null,
    polyline(from = firstMove, xMm = startX, yMm = startY) {
      const out = new Float64Array(2 * (penUp - from + 1));
      out[0] = xMm;
      out[1] = yMm;
      let n = 1;
      for (let i = from; i < penUp; i++) {
        const x = blocks[i * BLOCK_STRIDE + 3] as number;
        const y = blocks[i * BLOCK_STRIDE + 4] as number;
        if (n >= 2 && splitsSegment(out, n, x, y)) n--;
        out[2 * n] = x;
        out[2 * n + 1] = y;
        n++;
      }
      return out.slice(0, 2 * n);
    },
  };
}

/**
 * Whether the last vertex (n − 1) lies on the straight line from vertex n − 2 to (x, y),
 * in between: the end of an accelerate or cruise phase, not a corner of the drawing.
 */
function splitsSegment(p: Float64Array, n: number, x: number, y: number): boolean {
  const ax = (p[2 * n - 2] as number) - (p[2 * n - 4] as number);
  const ay = (p[2 * n - 1] as number) - (p[2 * n - 3] as number);
  const bx = x - (p[2 * n - 2] as number);
  const by = y - (p[2 * n - 1] as number);
  const la = Math.hypot(ax, ay);
  const lb = Math.hypot(bx, by);
  // Phase ends are computed as start + direction × distance: off the line by rounding only.
  return la > 0 && lb > 0 && ax * bx + ay * by > 0 && Math.abs(ax * by - ay * bx) <= 1e-9 * la * lb;
}
