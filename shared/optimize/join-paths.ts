import type { Polyline } from '../geometry/drawing.ts';
import { PROGRESS_MASK, type ProgressCallback } from '../progress/progress-callback.ts';
import { EndpointGrid } from './endpoint-grid.ts';

/**
 * Joins strokes whose ends meet within `toleranceMm` into longer strokes, saving a pen lift
 * each. Both ends of every stroke are indexed in a grid; each unused stroke seeds a chain
 * that grows forwards from its end and then backwards from its start, taking the nearest
 * free end within the tolerance and reversing the joined stroke when needed. Ends that
 * coincide exactly are merged; a gap within the tolerance is drawn as a short segment.
 * Strokes that join nothing are returned as the same objects. `onProgress` hears (strokes
 * looked at as seeds, n) every 1024 seeds and once at the end.
 */
export function joinPaths(
  paths: readonly Polyline[],
  toleranceMm: number,
  onProgress?: ProgressCallback,
): Polyline[] {
  const n = paths.length;
  if (n < 2 || !(toleranceMm > 0)) {
    onProgress?.(n, n);
    return paths.slice();
  }
  const xs = new Float64Array(2 * n);
  const ys = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const p = paths[i]!;
    xs[2 * i] = p[0]!;
    ys[2 * i] = p[1]!;
    xs[2 * i + 1] = p[p.length - 2]!;
    ys[2 * i + 1] = p[p.length - 1]!;
  }
  const grid = new EndpointGrid(xs, ys);
  const used = new Uint8Array(n);
  const out: Polyline[] = [];
  // Chain members as signed ids: path index, with ~index meaning reversed.
  const forward: number[] = [];
  const backward: number[] = [];
  for (let seed = 0; seed < n; seed++) {
    if (onProgress && (seed & PROGRESS_MASK) === 0) onProgress(seed, n);
    if (used[seed]) continue;
    used[seed] = 1;
    grid.remove(2 * seed);
    grid.remove(2 * seed + 1);
    forward.length = 0;
    backward.length = 0;
    let ex = xs[2 * seed + 1]!;
    let ey = ys[2 * seed + 1]!;
    for (;;) {
      const id = grid.nearest(ex, ey, -1, toleranceMm);
      if (id < 0) break;
      const j = id >> 1;
      used[j] = 1;
      grid.remove(2 * j);
      grid.remove(2 * j + 1);
      // Joined at its start: draw it forwards and continue from its end, and vice versa.
      const other = id ^ 1;
      forward.push((id & 1) === 0 ? j : ~j);
      ex = xs[other]!;
      ey = ys[other]!;
    }
    let sx = xs[2 * seed]!;
    let sy = ys[2 * seed]!;
    for (;;) {
      const id = grid.nearest(sx, sy, -1, toleranceMm);
      if (id < 0) break;
      const j = id >> 1;
      used[j] = 1;
      grid.remove(2 * j);
      grid.remove(2 * j + 1);
      const other = id ^ 1;
      // Its end meets our start: it comes first, drawn forwards; its start meets: reversed.
      backward.push((id & 1) === 1 ? j : ~j);
      sx = xs[other]!;
      sy = ys[other]!;
    }
    if (forward.length === 0 && backward.length === 0) {
      out.push(paths[seed]!);
      continue;
    }
    const chain: number[] = [];
    for (let k = backward.length - 1; k >= 0; k--) chain.push(backward[k]!);
    chain.push(seed);
    for (const m of forward) chain.push(m);
    out.push(concatChain(paths, chain));
  }
  onProgress?.(n, n);
  return out;
}

function concatChain(paths: readonly Polyline[], chain: readonly number[]): Polyline {
  let cap = 0;
  for (const m of chain) cap += paths[m < 0 ? ~m : m]!.length;
  const out = new Float64Array(cap);
  let len = 0;
  for (const m of chain) {
    const p = paths[m < 0 ? ~m : m]!;
    const np = p.length >> 1;
    for (let k = 0; k < np; k++) {
      const src = m < 0 ? np - 1 - k : k;
      const x = p[2 * src]!;
      const y = p[2 * src + 1]!;
      if (k === 0 && len > 0 && out[len - 2] === x && out[len - 1] === y) continue;
      out[len++] = x;
      out[len++] = y;
    }
  }
  return out.slice(0, len);
}
