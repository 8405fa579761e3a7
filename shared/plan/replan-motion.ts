import type { DrawingLayer, Polyline } from '../geometry/drawing.ts';
import type { DeviceProfile } from './device-profile.ts';
import { BLOCK_STRIDE, BlockKind } from './motion-block.ts';
import { type MotionPlan, planMotion } from './plan-motion.ts';
import { readPlanStroke } from './read-plan-stroke.ts';

/**
 * The same plot planned again for another plotter's motion limits (`to`): the plan's
 * strokes, read back from its blocks, in the same order, with the same layer markers
 * (same layer indices), the same pause blocks and the same pen-down and pen-up servo
 * times, through `planMotion` with `to`'s speeds, accelerations and cornering. Layer
 * table entries keep their identity and counts; only their block ranges change. So a
 * checkpoint (layer, path, pen-down distance) means the same place in both plans.
 *
 * `from` is the profile the plan was made with: a layer drawn slower than its pen-down cap
 * (an AxiDraw `+s` layer name) shows as a lower cruise speed, and keeps that share of
 * `to`'s cap. A `+s` layer that never reaches its cap anywhere cannot be told from an
 * ordinary one and gets `to`'s full cap.
 */
export function replanMotion(plan: MotionPlan, from: DeviceProfile, to: DeviceProfile): MotionPlan {
  const b = plan.blocks;
  const total = b.length / BLOCK_STRIDE;
  const kind = (i: number) => b[i * BLOCK_STRIDE];
  const field = (i: number, f: number) => b[i * BLOCK_STRIDE + f] as number;

  // Layers by their index in the planner's input; the plan's own (skipped ones) are absent.
  const byIndex = new Map<number, LayerStrokes>();
  let current: LayerStrokes | undefined;
  let penRaiseS: number | null = null;
  let endsHome = false;
  for (let i = 0; i < total; i++) {
    const k = kind(i);
    if (k === BlockKind.layer) {
      current = { paths: [], pause: false, dropS: null, cruiseMmS: 0 };
      byIndex.set(field(i, 5), current);
    } else if (k === BlockKind.pause) {
      if (current) current.pause = true;
    } else if (k === BlockKind.penDown || k === BlockKind.moveDown) {
      const stroke = readPlanStroke(b, i);
      if (!current) throw new Error(`plan block ${i} draws before any layer marker`);
      current.paths.push(stroke.polyline());
      current.dropS ??= stroke.penDownS;
      penRaiseS ??= stroke.penUpS;
      current.cruiseMmS = Math.max(current.cruiseMmS, stroke.cruiseMmS);
      i = stroke.penUp;
    } else if (k === BlockKind.moveUp) {
      endsHome = field(i, 3) === 0 && field(i, 4) === 0;
    }
    if (k !== BlockKind.moveUp && k !== BlockKind.penUp) endsHome = false;
  }

  const fromCap = from.penDown.maxSpeedMmS;
  const count = Math.max(-1, ...byIndex.keys()) + 1;
  const layers: DrawingLayer[] = [];
  for (let li = 0; li < count; li++) {
    const found = byIndex.get(li);
    const entry = plan.layers.find((l) => l.layerIndex === li);
    if (!found) {
      layers.push({
        key: `skipped-${li}`,
        name: '',
        order: li,
        color: null,
        options: { pauseBefore: false, skip: true },
        paths: [],
      });
      continue;
    }
    // A cruise below the cap it was planned with: the layer's own speed share (`+s`).
    const share =
      found.cruiseMmS > 0 && found.cruiseMmS < fromCap * (1 - 1e-6) ? found.cruiseMmS / fromCap : 1;
    layers.push({
      key: entry?.key ?? `layer-${li}`,
      name: entry?.name ?? '',
      order: li,
      color: entry?.color ?? null,
      options: {
        // Pauses exactly where the plan had them (pen changes included), none added.
        pauseBefore: found.pause,
        skip: false,
        // With penLowerS 0 below, the delay is the whole pen-down time the plan had.
        penDownDelayMs: (found.dropS ?? from.penLowerS) * 1000,
        ...(share < 1 ? { speedPercent: share * 100 } : {}),
      },
      paths: found.paths,
    });
  }
  const x0 = total > 0 ? field(0, 1) : 0;
  const y0 = total > 0 ? field(0, 2) : 0;
  const replanned = planMotion(
    layers,
    { ...to, penLowerS: 0, penRaiseS: penRaiseS ?? from.penRaiseS },
    { startXMm: x0, startYMm: y0, returnHome: endsHome, pauseOnPenChange: false },
  );
  // The plan's own table (names, pen changes, counts) with the new block ranges.
  const ranges = new Map(replanned.layers.map((l) => [l.layerIndex, l]));
  return {
    blocks: replanned.blocks,
    durationS: replanned.durationS,
    layers: plan.layers.map((l) => {
      const r = ranges.get(l.layerIndex);
      return { ...l, firstBlock: r?.firstBlock ?? l.firstBlock, blockCount: r?.blockCount ?? 0 };
    }),
  };
}

/** One layer of the plan as read back: its strokes, its pause, its pen-down time, its cruise. */
interface LayerStrokes {
  paths: Polyline[];
  pause: boolean;
  dropS: number | null;
  cruiseMmS: number;
}
