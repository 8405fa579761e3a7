import type { Polyline } from '../geometry/drawing.ts';
import { flattenArc } from './flatten-arc.ts';
import { flattenCubicBezier } from './flatten-bezier.ts';
import type { Matrix } from './matrix.ts';
import type { PathSegment } from './path-segment.ts';

/**
 * Turns absolute path segments (user units) into mm polylines through `matrix`, one per
 * subpath; `Z` closes back to the subpath's start. A subpath that never draws (a lone `M`)
 * yields nothing; a zero-length `M x y L x y` is kept, since a plotter draws it as a dot.
 */
export function flattenSegments(
  segments: readonly PathSegment[],
  matrix: Matrix,
  toleranceMm: number,
): Polyline[] {
  const [a, b, c, d, e, f] = matrix;
  const polylines: Polyline[] = [];
  let points: number[] = [];
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  const finish = () => {
    if (points.length >= 4) polylines.push(Float64Array.from(points));
    points = [];
  };
  const lineTo = (nx: number, ny: number) => {
    points.push(a * nx + c * ny + e, b * nx + d * ny + f);
    x = nx;
    y = ny;
  };
  for (const segment of segments) {
    if (segment[0] !== 'M' && points.length === 0)
      points.push(a * x + c * y + e, b * x + d * y + f);
    switch (segment[0]) {
      case 'M':
        finish();
        x = startX = segment[1];
        y = startY = segment[2];
        points.push(a * x + c * y + e, b * x + d * y + f);
        break;
      case 'L':
        lineTo(segment[1], segment[2]);
        break;
      case 'H':
        lineTo(segment[1], y);
        break;
      case 'V':
        lineTo(x, segment[1]);
        break;
      case 'C': {
        const [, x1, y1, x2, y2, x3, y3] = segment;
        flattenCubicBezier(
          points,
          toleranceMm,
          a * x + c * y + e,
          b * x + d * y + f,
          a * x1 + c * y1 + e,
          b * x1 + d * y1 + f,
          a * x2 + c * y2 + e,
          b * x2 + d * y2 + f,
          a * x3 + c * y3 + e,
          b * x3 + d * y3 + f,
        );
        x = x3;
        y = y3;
        break;
      }
      case 'Q': {
        // Degree elevation: the cubic with these control points is the same curve.
        const [, qx, qy, x3, y3] = segment;
        const x1 = x + (2 / 3) * (qx - x);
        const y1 = y + (2 / 3) * (qy - y);
        const x2 = x3 + (2 / 3) * (qx - x3);
        const y2 = y3 + (2 / 3) * (qy - y3);
        flattenCubicBezier(
          points,
          toleranceMm,
          a * x + c * y + e,
          b * x + d * y + f,
          a * x1 + c * y1 + e,
          b * x1 + d * y1 + f,
          a * x2 + c * y2 + e,
          b * x2 + d * y2 + f,
          a * x3 + c * y3 + e,
          b * x3 + d * y3 + f,
        );
        x = x3;
        y = y3;
        break;
      }
      case 'A': {
        const [, rx, ry, rotation, large, sweep, x1, y1] = segment;
        flattenArc(
          points,
          matrix,
          toleranceMm,
          x,
          y,
          rx,
          ry,
          rotation,
          large !== 0,
          sweep !== 0,
          x1,
          y1,
        );
        x = x1;
        y = y1;
        break;
      }
      case 'Z':
        // A subpath that already ended on its start needs no closing chord.
        if (x !== startX || y !== startY || points.length === 2) lineTo(startX, startY);
        finish();
        break;
    }
  }
  finish();
  return polylines;
}
