import { BLOCK_STRIDE, BlockKind } from './motion-block.ts';
import type { MotionPlan } from './plan-motion.ts';
import type { LayerSummary, PlanSummary } from './plan-summary.ts';

/**
 * Statistics of a plan, read off its blocks (so they describe exactly what will be
 * streamed). Blocks before the first layer marker (none from planMotion) count towards the
 * totals only; the final travel home belongs to the last layer.
 */
export function summarizePlan(plan: MotionPlan): PlanSummary {
  const b = plan.blocks;
  const layers: LayerSummary[] = plan.layers.map((layer) => {
    const s = sumBlocks(b, layer.firstBlock, layer.firstBlock + layer.blockCount);
    return {
      layerIndex: layer.layerIndex,
      key: layer.key,
      name: layer.name,
      color: layer.color,
      durationSeconds: s.durationS,
      distancePlottedMm: s.downMm,
      distanceTravelMm: s.upMm,
      penDownTimeSeconds: s.downS,
      penUpTimeSeconds: s.durationS - s.downS,
      pathCount: layer.pathCount,
      pointCount: layer.pointCount,
      penLifts: s.lifts,
      penChange: layer.penChange,
    };
  });
  const all = sumBlocks(b, 0, b.length / BLOCK_STRIDE);
  return {
    durationSeconds: all.durationS,
    distancePlottedMm: all.downMm,
    distanceTravelMm: all.upMm,
    penDownTimeSeconds: all.downS,
    penUpTimeSeconds: all.durationS - all.downS,
    penLifts: all.lifts,
    penChanges: plan.layers.filter((l) => l.penChange).length,
    pauses: all.pauses,
    pathCount: layers.reduce((n, l) => n + l.pathCount, 0),
    pointCount: layers.reduce((n, l) => n + l.pointCount, 0),
    blockCount: b.length / BLOCK_STRIDE,
    layers,
  };
}

function sumBlocks(b: Float64Array, from: number, to: number) {
  let durationS = 0;
  let downMm = 0;
  let upMm = 0;
  let downS = 0;
  let lifts = 0;
  let pauses = 0;
  for (let i = from * BLOCK_STRIDE; i < to * BLOCK_STRIDE; i += BLOCK_STRIDE) {
    const kind = b[i]!;
    const d = b[i + 7]!;
    durationS += d;
    if (kind === BlockKind.moveDown) {
      downMm += Math.hypot(b[i + 3]! - b[i + 1]!, b[i + 4]! - b[i + 2]!);
      downS += d;
    } else if (kind === BlockKind.moveUp) {
      upMm += Math.hypot(b[i + 3]! - b[i + 1]!, b[i + 4]! - b[i + 2]!);
    } else if (kind === BlockKind.penUp) {
      lifts++;
    } else if (kind === BlockKind.pause) {
      pauses++;
    }
  }
  return { durationS, downMm, upMm, downS, lifts, pauses };
}
