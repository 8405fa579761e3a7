import type { Drawing, Polyline } from '../geometry/drawing.ts';

/** How a drawing is placed on the paper before plotting. */
export interface FitToPaperOptions {
  paperWidthMm: number;
  paperHeightMm: number;
  marginMm: number;
  /** `contain`: scale uniformly so the strokes fill the printable area; `none`: keep mm as drawn. */
  fit: 'none' | 'contain';
  /** Centre the strokes' bounding box in the printable area. */
  centre: boolean;
  /** Clockwise rotation (y is down) applied before fitting. */
  rotateDeg: 0 | 90 | 180 | 270;
}

/**
 * Places a drawing on the paper: rotate, then (like saxi's defaults) scale the strokes'
 * bounding box uniformly to fill the area inside the margins and centre it. The result's
 * size is the paper's. Skipped (`%`) layers are transformed too but do not count towards
 * the bounding box, since they are never plotted. Returns new polylines; the input is
 * not modified.
 */
export function fitToPaper(drawing: Drawing, options: FitToPaperOptions): Drawing {
  const { paperWidthMm, paperHeightMm, marginMm } = options;
  const rotated = rotateFrame(drawing.widthMm, drawing.heightMm, options.rotateDeg);

  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const layer of drawing.layers) {
    if (layer.options.skip) continue;
    for (const path of layer.paths) {
      for (let i = 0; i + 1 < path.length; i += 2) {
        const x = rotated.a * path[i]! + rotated.b * path[i + 1]! + rotated.c;
        const y = rotated.d * path[i]! + rotated.e * path[i + 1]! + rotated.f;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  const hasStrokes = minX <= maxX;
  if (!hasStrokes) {
    minX = 0;
    minY = 0;
    maxX = rotated.widthMm;
    maxY = rotated.heightMm;
  }

  const areaW = Math.max(0, paperWidthMm - 2 * marginMm);
  const areaH = Math.max(0, paperHeightMm - 2 * marginMm);
  const boxW = maxX - minX;
  const boxH = maxY - minY;
  let scale = 1;
  if (options.fit === 'contain') {
    const sx = boxW > 0 ? areaW / boxW : Infinity;
    const sy = boxH > 0 ? areaH / boxH : Infinity;
    scale = Math.min(sx, sy);
    // A single point (or nothing) has no size to fit: keep it at 1:1.
    if (!Number.isFinite(scale)) scale = 1;
  }
  let tx = 0;
  let ty = 0;
  if (options.centre) {
    tx = marginMm + (areaW - boxW * scale) / 2 - minX * scale;
    ty = marginMm + (areaH - boxH * scale) / 2 - minY * scale;
  } else if (options.fit === 'contain') {
    tx = marginMm - minX * scale;
    ty = marginMm - minY * scale;
  }

  const a = rotated.a * scale;
  const b = rotated.b * scale;
  const c = rotated.c * scale + tx;
  const d = rotated.d * scale;
  const e = rotated.e * scale;
  const f = rotated.f * scale + ty;
  const transform = (path: Polyline): Polyline => {
    const out = new Float64Array(path.length);
    for (let i = 0; i + 1 < path.length; i += 2) {
      const x = path[i]!;
      const y = path[i + 1]!;
      out[i] = a * x + b * y + c;
      out[i + 1] = d * x + e * y + f;
    }
    return out;
  };
  return {
    widthMm: paperWidthMm,
    heightMm: paperHeightMm,
    unplottable: { ...drawing.unplottable },
    layers: drawing.layers.map((layer) => ({
      ...layer,
      options: { ...layer.options },
      paths: layer.paths.map(transform),
    })),
  };
}

/** The affine map (x' = a·x + b·y + c, y' = d·x + e·y + f) rotating the drawing's frame in place. */
function rotateFrame(widthMm: number, heightMm: number, rotateDeg: 0 | 90 | 180 | 270) {
  switch (rotateDeg) {
    case 90: // clockwise on screen (y down): (x, y) → (h − y, x)
      return { a: 0, b: -1, c: heightMm, d: 1, e: 0, f: 0, widthMm: heightMm, heightMm: widthMm };
    case 180:
      return { a: -1, b: 0, c: widthMm, d: 0, e: -1, f: heightMm, widthMm, heightMm };
    case 270:
      return { a: 0, b: 1, c: 0, d: -1, e: 0, f: widthMm, widthMm: heightMm, heightMm: widthMm };
    default:
      return { a: 1, b: 0, c: 0, d: 0, e: 1, f: 0, widthMm, heightMm };
  }
}
