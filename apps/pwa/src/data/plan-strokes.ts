import { BLOCK_STRIDE, BlockField, BlockKind } from '@fabdesk/shared/plan/motion-block.ts';
import { decodePlanBlob } from '@fabdesk/shared/plan/plan-blob.ts';
import type { PackedDrawing, PackedLayer } from './svg-worker-protocol.ts';

/**
 * A plan blob's pen-down strokes per layer, in the paper frame (mm), for the preview: what
 * the plotter will draw, after fitting, clipping and ordering. Consecutive pen-down moves
 * that meet form one stroke; anything else (a pen lift, travel) starts a new one. Loaded on
 * demand with the preview (it pulls in the plan decoder). Throws PlanBlobError for bytes
 * that are not a plan.
 */
export function planStrokes(bytes: Uint8Array, paper: { widthMm: number; heightMm: number }) {
  const { plan } = decodePlanBlob(bytes);
  const b = plan.blocks;
  const layers: PackedLayer[] = plan.layers.map((layer) => {
    const points: number[] = [];
    const starts: number[] = [];
    let open = false;
    const end = (layer.firstBlock + layer.blockCount) * BLOCK_STRIDE;
    for (let i = layer.firstBlock * BLOCK_STRIDE; i < end; i += BLOCK_STRIDE) {
      if (b[i + BlockField.kind] !== BlockKind.moveDown) {
        open = false;
        continue;
      }
      const x0 = b[i + BlockField.x0] ?? 0;
      const y0 = b[i + BlockField.y0] ?? 0;
      if (!open || points.at(-2) !== x0 || points.at(-1) !== y0) {
        starts.push(points.length);
        points.push(x0, y0);
        open = true;
      }
      points.push(b[i + BlockField.x1] ?? 0, b[i + BlockField.y1] ?? 0);
    }
    return {
      color: layer.color,
      points: Float64Array.from(points),
      starts: Uint32Array.from(starts),
    };
  });
  const drawing: PackedDrawing = { widthMm: paper.widthMm, heightMm: paper.heightMm, layers };
  return drawing;
}

/** A sheet just around the strokes, for a plan whose paper is not known on this device. */
export function paperAround(drawing: PackedDrawing): PackedDrawing {
  let maxX = 0;
  let maxY = 0;
  for (const layer of drawing.layers)
    for (let i = 0; i < layer.points.length; i += 2) {
      maxX = Math.max(maxX, layer.points[i] ?? 0);
      maxY = Math.max(maxY, layer.points[i + 1] ?? 0);
    }
  return { ...drawing, widthMm: maxX + 10, heightMm: maxY + 10 };
}
