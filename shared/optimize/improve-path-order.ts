import type { Polyline } from '../geometry/drawing.ts';
import { PROGRESS_MASK, type ProgressCallback } from '../progress/progress-callback.ts';
import { EndpointGrid } from './endpoint-grid.ts';
import type { PathOrder } from './path-order.ts';
import { seededRandom } from './synthetic-drawing.ts';

/** What bounds the improvement pass. */
export interface ImprovePathOrderOptions {
  startX: number;
  startY: number;
  /**
   * Where the pen must go after the last stroke (the plan's trip home), so that leg counts
   * too; absent, the tour is open and may end anywhere.
   */
  endX?: number;
  endY?: number;
  /** Wall-clock budget; the pass stops at the first check after it runs out. */
  budgetMs: number;
  /** Milliseconds clock, injected so tests can control time (e.g. `performance.now`). */
  now: () => number;
  /** Candidate neighbours per stroke end (default 8). */
  neighbours?: number;
  /**
   * After the first local optimum, perturbation rounds (a local double bridge, then local
   * search around it, kept only if shorter) stop after this many failures in a row
   * (default 20·n), or when the budget runs out; 0 skips the perturbation phase.
   */
  maxFailedKicks?: number;
  /** Seed for choosing the perturbations, so a run can be repeated (default 1). */
  seed?: number;
  /**
   * Hears (milliseconds spent, budgetMs): the pass is time-boxed, so its budget is the
   * honest total. Called at the first clock check and every 32nd after it (the sweep reads
   * the clock every 32 positions, so that is every 1024 positions, or every ten or so
   * perturbation rounds; a counter decides, and without a callback the pass reads the clock
   * exactly as often as before), and once at the end.
   */
  onProgress?: ProgressCallback;
}

/** Clock checks come every 32 sweep positions: reporting at every 32nd keeps PROGRESS_MASK's 1024. */
const CHECKS_PER_REPORT_MASK = (PROGRESS_MASK + 1) / 32 - 1;

/** How far the pass got. */
export interface ImproveStats {
  moves: number;
  sweeps: number;
  /** True when a full sweep found nothing to improve (a local optimum), false when timed out. */
  converged: boolean;
  /** Perturbation rounds tried and kept. */
  kicks: number;
  keptKicks: number;
}

/**
 * Time-boxed local search over a stroke order (a tour from the pen's position, open or
 * ending at a given point — the plan's trip home is pen-up travel too): 2-opt
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
  const stats: ImproveStats = { moves: 0, sweeps: 0, converged: false, kicks: 0, keptKicks: 0 };
  const n = paths.length;
  const t0 = options.now();
  const { onProgress, budgetMs } = options;
  /** Clock checks so far; every 32nd also reports progress. */
  let checks = 0;
  /** A clock check: true when the budget is spent. */
  const checkTime = (): boolean => {
    const spent = options.now() - t0;
    if (onProgress && (checks++ & CHECKS_PER_REPORT_MASK) === 0)
      onProgress(Math.min(spent, budgetMs), budgetMs);
    return spent >= budgetMs;
  };
  const finish = (): ImproveStats => {
    onProgress?.(Math.min(options.now() - t0, Math.max(0, budgetMs)), Math.max(0, budgetMs));
    return stats;
  };
  if (n < 2 || budgetMs <= 0) {
    stats.converged = n < 2;
    return finish();
  }
  const K = options.neighbours ?? 8;
  const xs = new Float64Array(2 * n + 2);
  const ys = new Float64Array(2 * n + 2);
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
  // Id 2n+1 is where the tour must end, when it must; -1 stands for "anywhere".
  const hasEnd = options.endX !== undefined && options.endY !== undefined;
  const END = hasEnd ? 2 * n + 1 : -1;
  xs[2 * n + 1] = options.endX ?? 0;
  ys[2 * n + 1] = options.endY ?? 0;

  const grid = new EndpointGrid(xs.subarray(0, 2 * n), ys.subarray(0, 2 * n));
  const neigh = new Int32Array((2 * n + 2) * K);
  const neighCount = new Uint8Array(2 * n + 2);
  for (let id = 0; id <= 2 * n; id++) {
    neighCount[id] = grid.nearestK(xs[id]!, ys[id]!, id === START ? -1 : id >> 1, K, neigh, id * K);
    if ((id & 1023) === 1023 && checkTime()) return finish();
  }
  if (hasEnd) neighCount[END] = grid.nearestK(xs[END]!, ys[END]!, -1, K, neigh, END * K);

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
  /** In-end of the stroke at position k; past the last stroke, the tour's end (-1: anywhere). */
  const inOrNone = (k: number) => (k >= n ? END : inOf(k));
  const dn = (a: number, b: number) => (a < 0 || b < 0 ? 0 : d(a, b));
  // Scratch for moving a run of up to 3 strokes.
  const segIds = new Int32Array(3);
  const segFlip = new Uint8Array(3);
  /** Moves the run at [j, j+len) to sit between positions k−1 and k (k ∉ [j, j+len]), reversed if asked. */
  const moveRun = (j: number, len: number, k: number, reverse: boolean) => {
    for (let t = 0; t < len; t++) {
      const src = reverse ? j + len - 1 - t : j + t;
      segIds[t] = ord[src]!;
      segFlip[t] = reverse ? 1 - flip[ord[src]!]! : flip[ord[src]!]!;
    }
    let at: number;
    if (k < j) {
      for (let m = j - 1; m >= k; m--) {
        ord[m + len] = ord[m]!;
        pos[ord[m + len]!] = m + len;
      }
      at = k;
    } else {
      for (let m = j + len; m < k; m++) {
        ord[m - len] = ord[m]!;
        pos[ord[m - len]!] = m - len;
      }
      at = k - len;
    }
    for (let t = 0; t < len; t++) {
      ord[at + t] = segIds[t]!;
      pos[segIds[t]!] = at + t;
      flip[segIds[t]!] = segFlip[t]!;
    }
  };

  /**
   * Or-opt on the run of `len` strokes starting at position j: remove it and reinsert it,
   * either way round, next to a stroke end that is among its ends' nearest neighbours.
   * Applies the first improving move and returns its gain (0 if none).
   */
  const orOptRun = (j: number, len: number): number => {
    if (j < 0 || j + len > n) return 0;
    const e1 = inOf(j);
    const e2 = outOf(j + len - 1);
    const before = outOf(j - 1);
    const after = inOrNone(j + len);
    const removeGain = d(before, e1) + dn(e2, after) - dn(before, after);
    if (removeGain <= EPS) return 0;
    for (let side = 0; side < 2; side++) {
      const e = side === 0 ? e1 : e2;
      const other = side === 0 ? e2 : e1;
      for (let t = 0; t < neighCount[e]!; t++) {
        const c = neigh[e * K + t]!;
        const dec = d(e, c);
        if (dec >= removeGain - EPS) break;
        const k = pos[c >> 1]!;
        if (k >= j && k < j + len) continue;
        if (c === outOf(k)) {
          // Insert after k, entering at e: c → e … other → In(k+1).
          if (k === j - 1) continue;
          const nxt = inOrNone(k + 1);
          const gain = removeGain - (dec + dn(other, nxt) - dn(c, nxt));
          if (gain > EPS) {
            moveRun(j, len, k + 1, side === 1);
            return gain;
          }
        } else {
          // Insert before k, leaving at e: Out(k−1) → other … e → c.
          if (k === j + len) continue;
          const prv = outOf(k - 1);
          const gain = removeGain - (d(prv, other) + dec - d(prv, c));
          if (gain > EPS) {
            moveRun(j, len, k, side === 0);
            return gain;
          }
        }
      }
    }
    return 0;
  };

  /** All move types around position i (the edge from i to i+1); returns the gain made. */
  const improveAt = (i: number): number => {
    const a = outOf(i);
    const b = inOrNone(i + 1);
    const dab = d(a, b);
    // 2-opt, run after i: a → Out(j), In(i+1) → In(j+1).
    for (let t = 0; t < neighCount[a]!; t++) {
      const c = neigh[a * K + t]!;
      const dac = d(a, c);
      if (dac >= dab - EPS) break;
      const q = c >> 1;
      const j = pos[q]!;
      if (j <= i) continue;
      if (c === outOf(j)) {
        const nxt = inOrNone(j + 1);
        const tail = dn(b, nxt) - dn(c, nxt);
        const delta = dac + tail - dab;
        if (delta < -EPS) {
          reverseRun(i + 1, j);
          return -delta;
        }
      } else if (j > i + 1) {
        // Or-opt: move stroke q to follow i, entering at c.
        const prev = outOf(j - 1);
        const nxt = inOrNone(j + 1);
        const removeGain = dn(prev, nxt) - d(prev, c) - dn(outOf(j), nxt);
        const insertCost = dac + d(c ^ 1, b) - dab;
        if (removeGain + insertCost < -EPS) {
          for (let k = j; k > i + 1; k--) {
            ord[k] = ord[k - 1]!;
            pos[ord[k]!] = k;
          }
          ord[i + 1] = q;
          pos[q] = i + 1;
          flip[q] = c & 1;
          return -(removeGain + insertCost);
        }
      }
    }
    if (i >= 0) {
      // 2-opt, run ending at i: Out(j−1) → a, In(j) → b.
      for (let t = 0; t < neighCount[b]!; t++) {
        const c = neigh[b * K + t]!;
        const dbc = d(b, c);
        if (dbc >= dab - EPS) break;
        const q = c >> 1;
        const j = pos[q]!;
        if (j > i || c !== inOf(j)) continue;
        const prev = outOf(j - 1);
        const delta = d(prev, a) + dbc - d(prev, c) - dab;
        if (delta < -EPS) {
          reverseRun(j, i);
          return -delta;
        }
      }
    }
    // Or-opt of runs of 1–3 strokes starting after i, reinserted near either end.
    for (let len = 1; len <= 3; len++) {
      const gain = orOptRun(i + 1, len);
      if (gain > 0) return gain;
    }
    return 0;
  };

  let cost = 0;
  for (let k = 0; k < n; k++) cost += d(outOf(k - 1), inOf(k));
  cost += dn(outOf(n - 1), END);

  /** The last edge worth sweeping: the trip to the tour's end counts when it has one. */
  const lastEdge = hasEnd ? n : n - 1;
  /** Sweeps positions [lo, hi) until a sweep improves nothing; false if time ran out. */
  let steps = 0;
  const descend = (lo: number, hi: number): boolean => {
    let improved = true;
    while (improved) {
      improved = false;
      if (lo === -1 && hi === lastEdge) stats.sweeps++;
      for (let i = lo; i < hi; i++) {
        if ((++steps & 31) === 0 && checkTime()) return false;
        for (;;) {
          const gain = improveAt(i);
          if (gain <= 0) break;
          cost -= gain;
          stats.moves++;
          improved = true;
        }
      }
    }
    return true;
  };

  if (!descend(-1, lastEdge)) {
    for (let k = 0; k < n; k++) order.reversed[k] = flip[ord[k]!]!;
    return finish();
  }
  stats.converged = true;

  // Iterated local search: a double bridge within a short window of the order (strokes
  // close in the order are close on the paper), local descent around it, kept only if the
  // whole tour got shorter. This climbs out of the 2-opt/Or-opt local optimum while the
  // budget lasts; the tour is never left worse than the local optimum.
  const maxFailed = options.maxFailedKicks ?? 20 * n;
  if (n >= 8 && maxFailed > 0) {
    const rand = seededRandom(options.seed ?? 1);
    const savedOrd = new Int32Array(n);
    const savedFlip = new Uint8Array(n);
    const tmp = new Int32Array(n);
    const W = Math.min(30, Math.floor(n / 3));
    let failed = 0;
    while (failed < maxFailed && !checkTime()) {
      // Segments B = [p, q) and C = [q, r) swap places: … A B C D … → … A C B D …
      const p = Math.floor(rand() * (n - 2));
      const q = Math.min(n - 1, p + 1 + Math.floor(rand() * W));
      const r = Math.min(n, q + 1 + Math.floor(rand() * W));
      const before = cost;
      savedOrd.set(ord);
      for (let k = 0; k < n; k++) savedFlip[k] = flip[k]!;
      const a0 = outOf(p - 1);
      const bIn = inOf(p);
      const bOut = outOf(q - 1);
      const cIn = inOf(q);
      const cOut = outOf(r - 1);
      const dIn = inOrNone(r);
      cost += d(a0, cIn) + d(cOut, bIn) + dn(bOut, dIn) - d(a0, bIn) - d(bOut, cIn) - dn(cOut, dIn);
      let w = 0;
      for (let k = q; k < r; k++) tmp[w++] = ord[k]!;
      for (let k = p; k < q; k++) tmp[w++] = ord[k]!;
      for (let k = 0; k < w; k++) {
        ord[p + k] = tmp[k]!;
        pos[tmp[k]!] = p + k;
      }
      stats.kicks++;
      const done = descend(Math.max(-1, p - 2), Math.min(lastEdge, r + 1));
      if (cost < before - EPS) {
        stats.keptKicks++;
        failed = 0;
      } else {
        ord.set(savedOrd);
        for (let k = 0; k < n; k++) {
          pos[ord[k]!] = k;
          flip[k] = savedFlip[k]!;
        }
        cost = before;
        failed++;
      }
      if (!done) break;
    }
  }
  for (let k = 0; k < n; k++) order.reversed[k] = flip[ord[k]!]!;
  return finish();
}
