/**
 * The motion plan's wire format: the exact sequence of blocks the EBB driver streams,
 * so the plan's time is the plot's time. A plan is a Float64Array of blocks of
 * BLOCK_STRIDE numbers each; positions are mm in the paper frame (see geometry/drawing.ts),
 * speeds mm/s, durations s.
 *
 *   [kind, x0, y0, x1, y1, v0, v1, durationS]
 *
 * MOVE blocks have constant acceleration along a straight line from (x0,y0) to (x1,y1),
 * starting at speed v0 and ending at v1 (a trapezoid becomes up to three blocks:
 * accelerate, cruise, decelerate), durationS = 2·length / (v0 + v1).
 * PEN_UP / PEN_DOWN blocks hold position (x0,y0 = x1,y1) for the servo move time.
 * PAUSE blocks (layer `!` or a pen change) stop the stream until the user resumes; their
 * duration is 0 and v0 carries the index of the layer that follows.
 * LAYER blocks mark the start of a layer (v0 = layer index); duration 0.
 */
export const BLOCK_STRIDE = 8;

export const BlockKind = {
  moveUp: 0,
  moveDown: 1,
  penUp: 2,
  penDown: 3,
  pause: 4,
  layer: 5,
} as const;
export type BlockKind = (typeof BlockKind)[keyof typeof BlockKind];

/** Field offsets inside a block. */
export const BlockField = {
  kind: 0,
  x0: 1,
  y0: 2,
  x1: 3,
  y1: 4,
  v0: 5,
  v1: 6,
  durationS: 7,
} as const;
