import type { PackedDrawing } from './svg-worker-protocol.ts';

/** The sheet: light in both themes, as paper is; pens draw in their own colours on it. */
const PAPER = '#fdfdfb';
const PAPER_EDGE = '#8a94a3';
const DEFAULT_INK = '#15181d';

/**
 * Draws a drawing's strokes onto a canvas, the paper scaled to fit `widthPx` × `heightPx`
 * (CSS pixels) and centred, each layer in its colour. Pure numbers to pixels: nothing
 * from an uploaded file is ever interpreted as markup.
 */
export function drawStrokes(
  ctx: CanvasRenderingContext2D,
  drawing: PackedDrawing,
  widthPx: number,
  heightPx: number,
): void {
  ctx.clearRect(0, 0, widthPx, heightPx);
  const w = Math.max(drawing.widthMm, 1e-6);
  const h = Math.max(drawing.heightMm, 1e-6);
  const scale = Math.min((widthPx - 2) / w, (heightPx - 2) / h);
  const offsetX = (widthPx - w * scale) / 2;
  const offsetY = (heightPx - h * scale) / 2;
  ctx.fillStyle = PAPER;
  ctx.fillRect(offsetX, offsetY, w * scale, h * scale);
  ctx.strokeStyle = PAPER_EDGE;
  ctx.lineWidth = 1;
  ctx.strokeRect(offsetX - 0.5, offsetY - 0.5, w * scale + 1, h * scale + 1);
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  // A fine pen is ~0.3 mm; never thinner than one pixel, so a small preview stays visible.
  ctx.lineWidth = Math.max(1, 0.3 * scale);
  for (const layer of drawing.layers) {
    ctx.strokeStyle = layer.color ?? DEFAULT_INK;
    ctx.beginPath();
    const { points, starts } = layer;
    for (let s = 0; s < starts.length; s++) {
      const from = starts[s] ?? 0;
      const to = starts[s + 1] ?? points.length;
      ctx.moveTo(offsetX + (points[from] ?? 0) * scale, offsetY + (points[from + 1] ?? 0) * scale);
      for (let i = from + 2; i < to; i += 2)
        ctx.lineTo(offsetX + (points[i] ?? 0) * scale, offsetY + (points[i + 1] ?? 0) * scale);
    }
    ctx.stroke();
  }
}
