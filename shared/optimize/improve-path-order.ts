import type { Polyline } from '../geometry/drawing.ts';
import { EndpointGrid } from './endpoint-grid.ts';
import type { PathOrder } from './path-order.ts';

/** What bounds the improvement pass. */
export interface ImprovePathOrderOptions {
  startX: number;
  startY: number;
  /** Wall-clock budget; the pass stops at the first check after it runs out. */
  budgetMs: number;
  /** Milliseconds clock, injected so tests can control time (e.g. `performance.now`). */
  now: () => number;
  /** Candidate neighbours per stroke end (default 8). */
  neighbours?: number;
}

/** How far the pass got. */
export interface ImproveStats {
  moves: number;
  sweeps: number;
  /** True when a full sweep found nothing to improve (a local optimum), false when timed out. */
  converged: boolean;
}

/**
 * Time-boxed local search over a stroke order (open tour from the pen's position): 2-opt
 * moves that reverse a run of strokes (flipping each, so travel inside the run is kept)
 * and Or-opt moves that take one stroke out and reinsert it, either way round, elsewhere.
 * Candidates come from each end's k nearest ends in a grid, so a sweep is O(n·k) plus the
 * cost of the moves it makes. Only moves that shorten the pen-up travel are applied, so
 * the result is never worse than the input. Mutates and returns `order`.
 */
export function improvePathOrder(
  paths: readonly Polyline[],
  order: PathOrder,
  options: ImprovePathOrderOptions,
): ImproveStats {
  const stats: ImproveStats = { moves: 0, sweeps: 0, converged: false };
  const n = paths.length;
  const t0 = options.now();
  const outOfTime = () => options.now() - t0 >= options.budgetMs;
  if (n < 2 || options.budgetMs <= 0) {
    stats.converged = n < 2;
    return stats;
  }
  const K = options.neighbours ?? 8;
  const xs = new Float64Array(2 * n + 1);
  const ys = new Float64Array(2 * n + 1);
  for (let i = 0; i < n; i++) {
    const p = paths[i]!;
    xs[2 * i] = p[0]!;
    ys[2 * i] = p[1]!;
    xs[2 * i + 1] = p[p.length - 2]!;
    ys[2 * i + 1] = p[p.length - 1]!;
  }
  // Id 2n is the pen's starting point; it is never moved.
  const START = 2 * n;
  xs[START] = options.startX;
  ys[START] = options.startY;

  const grid = new EndpointGrid(xs.subarray(0, 2 * n), ys.subarray(0, 2 * n));
  const neigh = new Int32Array((2 * n + 1) * K);
  const neighCount = new Uint8Array(2 * n + 1);
  for (let id = 0; id <= 2 * n; id++) {
    neighCount[id] = grid.nearestK(xs[id]!, ys[id]!, id === START ? -1 : id >> 1, K, neigh, id * K);
    if ((id & 1023) === 1023 && outOfTime()) return stats;
  }

  const ord = order.order;
  const pos = new Int32Array(n);
  const flip = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    pos[ord[k]!] = k;
    flip[ord[k]!] = order.reversed[k]!;
  }
  const inOf = (k: number) => (k < 0 ? START : 2 * ord[k]! + flip[ord[k]!]!);
  const outOf = (k: number) => (k < 0 ? START : 2 * ord[k]! + 1 - flip[ord[k]!]!);
  const d = (a: number, b: number) => Math.hypot(xs[a]! - xs[b]!, ys[a]! - ys[b]!);
  const reverseRun = (from: number, to: number) => {
    for (let lo = from, hi = to; lo <= hi; lo++, hi--) {
      const pl = ord[lo]!;
      const ph = ord[hi]!;
      ord[lo] = ph;
      ord[hi] = pl;
      pos[ph] = lo;
      pos[pl] = hi;
      flip[pl] = 1 - flip[pl]!;
      if (lo !== hi) flip[ph] = 1 - flip[ph]!;
    }
  };
  const EPS = 1e-9;

  let improved = true;
  let checks = 0;
  let timedOut = false;
  search: while (improved) {
    improved = false;
    stats.sweeps++;
    for (let i = -1; i < n - 1; i++) {
      if ((++checks & 31) === 0 && outOfTime()) {
        timedOut = true;
        break search;
      }
      let a = outOf(i);
      let b = inOf(i + 1);
      let dab = d(a, b);
      // 2-opt, run after i: a → Out(j), In(i+1) → In(j+1).
      for (let t = 0; t < neighCount[a]!; t++) {
        const c = neigh[a * K + t]!;
        const dac = d(a, c);
        if (dac >= dab - EPS) break;
        const q = c >> 1;
        const j = pos[q]!;
        if (j <= i) continue;
        if (c === outOf(j)) {
          const tail = j < n - 1 ? d(b, inOf(j + 1)) - d(c, inOf(j + 1)) : 0;
          if (dac + tail - dab < -EPS) {
            reverseRun(i + 1, j);
            stats.moves++;
            improved = true;
            a = outOf(i);
            b = inOf(i + 1);
            dab = d(a, b);
            break;
          }
        } else if (j > i + 1) {
          // Or-opt: move stroke q to follow i, entering at c.
          const prev = outOf(j - 1);
          const removeGain =
            j < n - 1 ? d(prev, inOf(j + 1)) - d(prev, c) - d(outOf(j), inOf(j + 1)) : -d(prev, c);
          const insertCost = dac + d(c ^ 1, b) - dab;
          if (removeGain + insertCost < -EPS) {
            for (let k = j; k > i + 1; k--) {
              ord[k] = ord[k - 1]!;
              pos[ord[k]!] = k;
            }
            ord[i + 1] = q;
            pos[q] = i + 1;
            flip[q] = c & 1;
            stats.moves++;
            improved = true;
            a = outOf(i);
            b = inOf(i + 1);
            dab = d(a, b);
            break;
          }
        }
      }
      if (i < 0) continue;
      // 2-opt, run ending at i: Out(j−1) → a, In(j) → b.
      for (let t = 0; t < neighCount[b]!; t++) {
        const c = neigh[b * K + t]!;
        const dbc = d(b, c);
        if (dbc >= dab - EPS) break;
        const q = c >> 1;
        const j = pos[q]!;
        if (j > i || c !== inOf(j)) continue;
        const prev = outOf(j - 1);
        if (d(prev, a) + dbc - d(prev, c) - dab < -EPS) {
          reverseRun(j, i);
          stats.moves++;
          improved = true;
          break;
        }
      }
    }
  }
  stats.converged = !timedOut;
  for (let k = 0; k < n; k++) order.reversed[k] = flip[ord[k]!]!;
  return stats;
}
