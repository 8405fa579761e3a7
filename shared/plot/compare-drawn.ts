import { BLOCK_STRIDE, BlockKind } from '../plan/motion-block.ts';

/** A straight pen-down line that was drawn (the emulator's `DrawnSegment` fits). */
export interface DrawnLine {
  x0Mm: number;
  y0Mm: number;
  x1Mm: number;
  y1Mm: number;
}

/** How what was drawn compares with the plan's pen-down blocks. */
export interface DrawnComparison {
  plannedMm: number;
  /** Pen-down length covered at least once. */
  coveredMm: number;
  /** Plan length never drawn (gaps longer than the tolerance). */
  missingMm: number;
  /** Plan length drawn more than once (overlaps longer than the tolerance). */
  retracedMm: number;
  /** Drawn lines whose ends are not on the plan's path within the tolerance. */
  strayLines: number;
}

/**
 * Maps each drawn line onto the plan's pen-down path (arc length along the moveDown blocks
 * in plan order) and measures the coverage: every planned millimetre drawn once means
 * `missingMm` and `retracedMm` are 0. Lines are matched in drawing order, searching
 * forward from where the previous line ended first (so a drawing that crosses itself is
 * matched to the right stroke), then from the start (a retrace). `toleranceMm` defaults to
 * one motor step along an axis (1/80 mm).
 */
export function compareDrawn(
  plan: Float64Array,
  drawn: readonly DrawnLine[],
  toleranceMm = 1 / 80,
): DrawnComparison {
  const segs: number[] = [];
  let total = 0;
  for (let o = 0; o < plan.length; o += BLOCK_STRIDE) {
    if (plan[o] !== BlockKind.moveDown) continue;
    const x0 = plan[o + 1] as number;
    const y0 = plan[o + 2] as number;
    const x1 = plan[o + 3] as number;
    const y1 = plan[o + 4] as number;
    const len = Math.hypot(x1 - x0, y1 - y0);
    segs.push(x0, y0, x1, y1, total, len);
    total += len;
  }
  const n = segs.length / 6;
  /** Arc length of the first point near (x, y) at segment index ≥ from, and its segment. */
  const find = (x: number, y: number, from: number, minS: number): [number, number] | null => {
    for (let i = from; i < n; i++) {
      const o = i * 6;
      const [x0, y0, x1, y1, s0, len] = [
        segs[o],
        segs[o + 1],
        segs[o + 2],
        segs[o + 3],
        segs[o + 4],
        segs[o + 5],
      ] as number[];
      const dx = (x1 as number) - (x0 as number);
      const dy = (y1 as number) - (y0 as number);
      const l2 = dx * dx + dy * dy;
      const t =
        l2 === 0
          ? 0
          : Math.max(0, Math.min(1, ((x - (x0 as number)) * dx + (y - (y0 as number)) * dy) / l2));
      const d = Math.hypot(x - ((x0 as number) + dx * t), y - ((y0 as number) + dy * t));
      const s = (s0 as number) + t * (len as number);
      if (d <= toleranceMm && s >= minS - toleranceMm) return [s, i];
    }
    return null;
  };
  const intervals: [number, number][] = [];
  let strayLines = 0;
  let hint = 0;
  for (const line of drawn) {
    let matched = false;
    for (const from of hint > 0 ? [hint, 0] : [0]) {
      const start = find(line.x0Mm, line.y0Mm, from, 0);
      const end = start && find(line.x1Mm, line.y1Mm, start[1], start[0]);
      if (!start || !end) continue;
      intervals.push([start[0], end[0]]);
      hint = end[1];
      matched = true;
      break;
    }
    if (!matched) strayLines++;
  }
  intervals.sort((a, b) => a[0] - b[0]);
  let reach = 0;
  let missingMm = 0;
  let retracedMm = 0;
  let coveredMm = 0;
  for (const [a, b] of intervals) {
    const overlap = Math.min(b, reach) - a;
    if (overlap > toleranceMm) retracedMm += overlap;
    if (a - reach > toleranceMm) missingMm += a - reach;
    coveredMm += Math.max(0, b - Math.max(a, reach));
    reach = Math.max(reach, b);
  }
  if (total - reach > toleranceMm) missingMm += total - reach;
  return { plannedMm: total, coveredMm, missingMm, retracedMm, strayLines };
}
