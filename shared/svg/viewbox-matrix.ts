import type { Matrix } from './matrix.ts';

/** A parsed `viewBox`: the user-space rectangle the viewport shows. */
export interface ViewBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Parses `viewBox="minX minY width height"`; null when absent or invalid (non-positive size). */
export function parseViewBox(text: string | undefined): ViewBox | null {
  if (text === undefined) return null;
  const parts = text
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return null;
  const [x = 0, y = 0, width = 0, height = 0] = parts;
  return width > 0 && height > 0 ? { x, y, width, height } : null;
}

/**
 * The matrix that maps a viewBox onto a viewport of `width × height` at the origin, following
 * `preserveAspectRatio` (SVG 1.1 §7.8; default `xMidYMid meet`). `none` stretches each axis;
 * `meet` scales uniformly to fit, `slice` to cover, and the align keyword places the result.
 */
export function viewBoxMatrix(
  viewBox: ViewBox,
  width: number,
  height: number,
  preserveAspectRatio: string | undefined,
): Matrix {
  const words = (preserveAspectRatio ?? '').trim().split(/\s+/);
  const align = words[0] === 'defer' ? (words[1] ?? '') : (words[0] ?? '');
  const slice = words.includes('slice');
  let sx = width / viewBox.width;
  let sy = height / viewBox.height;
  let tx = 0;
  let ty = 0;
  if (align !== 'none') {
    const scale = slice ? Math.max(sx, sy) : Math.min(sx, sy);
    sx = scale;
    sy = scale;
    const extraX = width - viewBox.width * scale;
    const extraY = height - viewBox.height * scale;
    const a = align === '' ? 'xMidYMid' : align;
    tx = a.includes('xMid') ? extraX / 2 : a.includes('xMax') ? extraX : 0;
    ty = a.includes('YMid') ? extraY / 2 : a.includes('YMax') ? extraY : 0;
  }
  return [sx, 0, 0, sy, tx - viewBox.x * sx, ty - viewBox.y * sy];
}
