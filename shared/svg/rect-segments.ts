import type { PathSegment } from './path-segment.ts';

/**
 * The outline of `<rect>` as path segments, clockwise from the top edge (SVG 2 §10.2). Corner
 * radii: a missing or negative rx takes ry's value and vice versa (both missing: square corners);
 * each is then clamped to half the side it rounds. Zero or negative width or height renders
 * nothing (empty array).
 */
export function rectSegments(
  x: number,
  y: number,
  width: number,
  height: number,
  rxIn: number | null,
  ryIn: number | null,
): PathSegment[] {
  if (!(width > 0 && height > 0)) return [];
  const rxValid = rxIn !== null && rxIn >= 0 ? rxIn : null;
  const ryValid = ryIn !== null && ryIn >= 0 ? ryIn : null;
  const rx = Math.min(width / 2, rxValid ?? ryValid ?? 0);
  const ry = Math.min(height / 2, ryValid ?? rxValid ?? 0);
  const right = x + width;
  const bottom = y + height;
  if (rx === 0 || ry === 0) {
    return [['M', x, y], ['H', right], ['V', bottom], ['H', x], ['Z']];
  }
  return [
    ['M', x + rx, y],
    ['H', right - rx],
    ['A', rx, ry, 0, 0, 1, right, y + ry],
    ['V', bottom - ry],
    ['A', rx, ry, 0, 0, 1, right - rx, bottom],
    ['H', x + rx],
    ['A', rx, ry, 0, 0, 1, x, bottom - ry],
    ['V', y + ry],
    ['A', rx, ry, 0, 0, 1, x + rx, y],
    ['Z'],
  ];
}
