/**
 * What the emulated plotter drew: one straight pen-down motion command, converted back from
 * motor steps to mm (see `axidraw-kinematics.ts`), with the virtual time it ran.
 */
export interface DrawnSegment {
  x0Mm: number;
  y0Mm: number;
  x1Mm: number;
  y1Mm: number;
  startMs: number;
  endMs: number;
}
