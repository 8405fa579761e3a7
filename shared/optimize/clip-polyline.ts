import type { Polyline } from '../geometry/drawing.ts';

/** An axis-aligned rectangle in mm, paper frame. */
export interface RectMm {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * Clips a stroke to a rectangle (Liang–Barsky per segment). Segments that cross the border
 * are cut at the border rather than dropped, so what remains inside is exactly the part of
 * the stroke the pen may draw; a stroke that leaves and re-enters becomes several strokes.
 * Returns the input itself when it lies wholly inside.
 */
export function clipPolyline(path: Polyline, rect: RectMm): Polyline[] {
  const n = path.length >> 1;
  let inside = true;
  for (let i = 0; i < n; i++) {
    const x = path[2 * i]!;
    const y = path[2 * i + 1]!;
    if (x < rect.minX || x > rect.maxX || y < rect.minY || y > rect.maxY) {
      inside = false;
      break;
    }
  }
  if (inside) return [path];

  const out: Polyline[] = [];
  let run: number[] = [];
  const flush = () => {
    if (run.length >= 4) out.push(Float64Array.from(run));
    run = [];
  };
  for (let i = 0; i + 1 < n; i++) {
    const x0 = path[2 * i]!;
    const y0 = path[2 * i + 1]!;
    const x1 = path[2 * i + 2]!;
    const y1 = path[2 * i + 3]!;
    const dx = x1 - x0;
    const dy = y1 - y0;
    let t0 = 0;
    let t1 = 1;
    let visible = true;
    const edges: [number, number][] = [
      [-dx, x0 - rect.minX],
      [dx, rect.maxX - x0],
      [-dy, y0 - rect.minY],
      [dy, rect.maxY - y0],
    ];
    for (const [p, q] of edges) {
      if (p === 0) {
        if (q < 0) {
          visible = false;
          break;
        }
      } else {
        const r = q / p;
        if (p < 0) {
          if (r > t1) {
            visible = false;
            break;
          }
          if (r > t0) t0 = r;
        } else {
          if (r < t0) {
            visible = false;
            break;
          }
          if (r < t1) t1 = r;
        }
      }
    }
    if (!visible) {
      flush();
      continue;
    }
    const ax = t0 === 0 ? x0 : x0 + t0 * dx;
    const ay = t0 === 0 ? y0 : y0 + t0 * dy;
    const bx = t1 === 1 ? x1 : x0 + t1 * dx;
    const by = t1 === 1 ? y1 : y0 + t1 * dy;
    if (t0 > 0 || run.length === 0) {
      flush();
      run.push(ax, ay);
    }
    run.push(bx, by);
    if (t1 < 1) flush();
  }
  flush();
  return out;
}
