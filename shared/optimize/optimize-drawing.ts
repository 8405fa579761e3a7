import type { Drawing, DrawingLayer, Polyline } from '../geometry/drawing.ts';
import { clipPolyline } from './clip-polyline.ts';
import { dropShortSegments, MOTOR_STEP_MM } from './drop-short-segments.ts';
import { type FitToPaperOptions, fitToPaper } from './fit-to-paper.ts';
import { improvePathOrder } from './improve-path-order.ts';
import { joinPaths } from './join-paths.ts';
import { orderPaths } from './order-paths.ts';
import { rotateClosedPaths } from './rotate-closed-paths.ts';
import { applyPathOrder, travelLengthMm } from './path-order.ts';
import { simplifyPolyline } from './simplify-polyline.ts';
import { noWorseTour, tourCost } from './tour-cost.ts';

/** Everything the optimiser needs; tolerances in mm, time in ms. */
export interface OptimizeOptions {
  /** Placement on the paper; null keeps the drawing's own coordinates and size. */
  paper: FitToPaperOptions | null;
  /** Cut strokes at the printable area (paper minus margins); only with `paper`. */
  clip: boolean;
  /** Join strokes whose ends are this close; 0 disables joining. */
  joinToleranceMm: number;
  /** Simplification tolerance; 0 disables it. */
  simplifyToleranceMm: number;
  /** Minimum segment length (one motor step by default). */
  minSegmentMm?: number;
  /** Reorder strokes per layer (greedy nearest neighbour); false keeps the input order. */
  sort: boolean;
  /** Budget for the 2-opt/Or-opt improvement pass over all layers; 0 skips it. */
  improveBudgetMs: number;
  now: () => number;
  /** Where the pen is before the first layer (home is 0,0). */
  startXMm?: number;
  startYMm?: number;
  /**
   * The plan ends with a pen-up trip home to 0,0 (planMotion's default), so the last plotted
   * layer's order counts that trip too (default true); false leaves its end free.
   */
  returnHome?: boolean;
  /**
   * Cost of a pen-up move of a given length, increasing and 0 at 0 (default: the length).
   * Ordering minimises length; loop rotation and the trip-home pass are kept only where
   * they are no worse in this cost either, so with `travelTimeCost(profile.penUp)` they
   * never slow the plot down. Stats stay in mm.
   */
  travelCost?: (distanceMm: number) => number;
  /**
   * Hears how far the long steps have got, over all plotted layers: `join` and `order` in
   * strokes (every 1024 and at each layer's end), `improve` in milliseconds of
   * `improveBudgetMs` spent since ordering began (see improvePathOrder). With several
   * layers `order` and `improve` alternate, layer by layer, each count carrying on.
   */
  onProgress?: (step: OptimizeStep, current: number, total: number) => void;
}

/** The optimiser's steps that report progress. */
export type OptimizeStep = 'join' | 'order' | 'improve';

/** What the optimiser did, for the bench and the job's statistics. */
export interface OptimizeStats {
  pathsIn: number;
  pathsOut: number;
  /**
   * Pen-up travel of the plotted layers, input order (after placement) and output order,
   * with the trip home after the last layer when the plan returns home.
   */
  travelBeforeMm: number;
  travelAfterMm: number;
  improveMoves: number;
}

/**
 * The whole optimisation of a drawing for plotting: place on the paper, clip to the
 * printable area, join touching strokes, simplify, drop sub-step segments, then order each
 * layer's strokes to cut pen-up travel, starting where the pen is (home, then wherever the
 * previous layer ended) and, for the last layer, counting the trip home; closed strokes
 * then start at their vertex nearest the pen's way (see rotateClosedPaths). Layers come out in plot order (by `order`, stable); skipped (`%`)
 * layers are placed and clipped but otherwise left alone.
 * Pen-down geometry is kept: strokes only move by the simplification tolerance and gain
 * at most the join tolerance per join.
 */
export function optimizeDrawing(
  input: Drawing,
  options: OptimizeOptions,
): { drawing: Drawing; stats: OptimizeStats } {
  const placed = options.paper ? fitToPaper(input, options.paper) : input;
  const rect = options.paper
    ? {
        minX: options.paper.marginMm,
        minY: options.paper.marginMm,
        maxX: options.paper.paperWidthMm - options.paper.marginMm,
        maxY: options.paper.paperHeightMm - options.paper.marginMm,
      }
    : null;
  const layers = placed.layers
    .map((layer, index) => ({ layer, index }))
    .sort((a, b) => a.layer.order - b.layer.order || a.index - b.index)
    .map(({ layer }) => layer);

  const stats: OptimizeStats = {
    pathsIn: 0,
    pathsOut: 0,
    travelBeforeMm: 0,
    travelAfterMm: 0,
    improveMoves: 0,
  };
  const minSegmentMm = options.minSegmentMm ?? MOTOR_STEP_MM;

  const clippedLayers: Polyline[][] = layers.map((layer) => {
    stats.pathsIn += layer.paths.length;
    if (!(options.clip && rect)) return layer.paths;
    const clipped: Polyline[] = [];
    for (const p of layer.paths) for (const q of clipPolyline(p, rect)) clipped.push(q);
    return clipped;
  });
  const { onProgress } = options;
  let joinTotal = 0;
  for (let l = 0; l < layers.length; l++)
    if (!layers[l]!.options.skip) joinTotal += clippedLayers[l]!.length;
  let joinDone = 0;
  const cleaned: Polyline[][] = clippedLayers.map((clipped, l) => {
    if (layers[l]!.options.skip) return clipped;
    const offset = joinDone;
    const paths = joinPaths(
      clipped,
      options.joinToleranceMm,
      onProgress && ((current) => onProgress('join', offset + current, joinTotal)),
    );
    joinDone += clipped.length;
    return paths.map((p) =>
      dropShortSegments(simplifyPolyline(p, options.simplifyToleranceMm), minSegmentMm),
    );
  });

  let remainingPaths = 0;
  for (let l = 0; l < layers.length; l++) {
    if (!layers[l]!.options.skip) remainingPaths += cleaned[l]!.length;
  }
  const orderTotal = remainingPaths;
  let orderDone = 0;
  const t0 = options.now();
  let x = options.startXMm ?? 0;
  let y = options.startYMm ?? 0;
  let lastPlotted = -1;
  for (let l = 0; l < layers.length; l++)
    if (!layers[l]!.options.skip && cleaned[l]!.length > 0) lastPlotted = l;
  const endsHome = options.returnHome ?? true;
  const out: DrawingLayer[] = [];
  for (let l = 0; l < layers.length; l++) {
    const layer = layers[l]!;
    let paths = cleaned[l]!;
    if (!layer.options.skip && paths.length > 0) {
      const identity = {
        order: Int32Array.from(paths, (_, i) => i),
        reversed: new Uint8Array(paths.length),
      };
      stats.travelBeforeMm += travelLengthMm(paths, identity, x, y);
      if (options.sort) {
        const offset = orderDone;
        const order = orderPaths(
          paths,
          x,
          y,
          onProgress && ((current) => onProgress('order', offset + current, orderTotal)),
        );
        orderDone += paths.length;
        const end = endsHome && l === lastPlotted ? { x: 0, y: 0 } : null;
        const rotate = (ordered: Polyline[]) =>
          rotateClosedPaths(ordered, x, y, {
            end,
            ...(options.travelCost && { travelCost: options.travelCost }),
          });
        let rotated: Polyline[] | null = null;
        if (options.improveBudgetMs > 0) {
          // Share what is left of the budget in proportion to the strokes left.
          const spent = options.now() - t0;
          const left = options.improveBudgetMs - spent;
          const share = (left * paths.length) / Math.max(1, remainingPaths);
          const budget = options.improveBudgetMs;
          const improve = (budgetMs: number, endsHere: boolean, offsetMs: number) =>
            improvePathOrder(paths, order, {
              startX: x,
              startY: y,
              ...(endsHere && { endX: 0, endY: 0 }),
              budgetMs,
              now: options.now,
              ...(onProgress && {
                onProgress: (ms: number) =>
                  onProgress('improve', Math.min(budget, Math.max(0, offsetMs + ms)), budget),
              }),
            });
          const t1 = options.now();
          stats.improveMoves += improve(share, false, spent).moves;
          if (end) {
            // The plan ends with the trip home: a second pass, from the open tour's optimum,
            // counts it. It gets what is left of the share, at least a sliver so a pass
            // that spent it all still converges on the new last leg. Its moves shorten the
            // closed tour; the guard below keeps it only if it is no worse in length and in
            // `travelCost` too (time grows like √length: a shorter tour is not always a
            // quicker one).
            const open = { order: order.order.slice(), reversed: order.reversed.slice() };
            const used = options.now() - t1;
            const rest = Math.max(share - used, 0.05 * share);
            stats.improveMoves += improve(rest, true, spent + used).moves;
            const closed = rotate(applyPathOrder(paths, order));
            const fallback = rotate(applyPathOrder(paths, open));
            const c = tourCost(closed, x, y, end, options.travelCost);
            const f = tourCost(fallback, x, y, end, options.travelCost);
            rotated = noWorseTour(c, f) ? closed : fallback;
          }
        }
        paths = rotated ?? rotate(applyPathOrder(paths, order));
        stats.travelAfterMm += travelLengthMm(paths, identity, x, y);
      } else {
        stats.travelAfterMm += travelLengthMm(paths, identity, x, y);
      }
      remainingPaths -= paths.length;
      const last = paths[paths.length - 1]!;
      x = last[last.length - 2]!;
      y = last[last.length - 1]!;
      if (endsHome && l === lastPlotted) {
        const lastIn = cleaned[l]![paths.length - 1]!;
        stats.travelBeforeMm += Math.hypot(lastIn[lastIn.length - 2]!, lastIn[lastIn.length - 1]!);
        stats.travelAfterMm += Math.hypot(x, y);
      }
    }
    stats.pathsOut += paths.length;
    out.push({ ...layer, options: { ...layer.options }, paths });
  }
  return {
    drawing: {
      widthMm: placed.widthMm,
      heightMm: placed.heightMm,
      unplottable: { ...placed.unplottable },
      layers: out,
    },
    stats,
  };
}
