import type { DrawingLayer } from '../geometry/drawing.ts';
import { layerNameOptions } from './layer-name-options.ts';
import type { WalkResult } from './walk-svg.ts';

/** Key of the layer that collects strokes outside every Inkscape layer. */
export const OUTSIDE_LAYERS_KEY = 'outside-layers';

/**
 * Groups walked strokes into drawing layers, dropping layers without strokes.
 *
 * With Inkscape layers, each top-level layer is a layer (sublayers belong to it). Its key is
 * `layer:<n>` for AxiDraw-numbered names, so layers sharing a number ("3" twice, or "3 red" in
 * two files) plot together, as AxiDraw plots all layers of one number at once; otherwise
 * `label:<label>`. Strokes outside all layers form one more layer, keyed `outside-layers`.
 * Order: numbered layers by their number; the others after the highest number, in order of
 * first appearance.
 *
 * Without Inkscape layers, strokes are grouped by colour (`color:#rrggbb`) in order of first
 * appearance: one pen per colour.
 */
export function groupLayers(walked: WalkResult): DrawingLayer[] {
  const byKey = new Map<
    string,
    DrawingLayer & { number: number | null; colors: Map<string, number> }
  >();
  const byLayers = walked.layers.length > 0;
  for (const path of walked.paths) {
    let key: string;
    let name: string;
    let number: number | null = null;
    let options: DrawingLayer['options'] = { pauseBefore: false, skip: false };
    if (!byLayers) {
      key = `color:${path.color ?? 'unknown'}`;
      name = path.color ?? 'unknown colour';
    } else if (path.layer === null) {
      key = OUTSIDE_LAYERS_KEY;
      name = 'Outside layers';
    } else {
      const parsed = layerNameOptions(path.layer.label);
      number = parsed.number;
      key = number === null ? `label:${path.layer.label}` : `layer:${number}`;
      name = parsed.name;
      options = parsed.options;
    }
    let layer = byKey.get(key);
    if (layer === undefined) {
      layer = { key, name, order: 0, color: null, options, paths: [], number, colors: new Map() };
      byKey.set(key, layer);
    }
    layer.paths.push(path.polyline);
    const colorKey = path.color ?? '';
    layer.colors.set(colorKey, (layer.colors.get(colorKey) ?? 0) + 1);
  }

  const all = [...byKey.values()];
  const highest = Math.max(-1, ...all.map((layer) => layer.number ?? -1));
  let next = highest + 1;
  return all
    .map(({ number, colors, ...layer }) => ({
      ...layer,
      order: number ?? next++,
      color: mostCommon(colors),
    }))
    .sort((a, b) => a.order - b.order);
}

/** The most frequent colour; ties go to the first seen (Map keeps insertion order). */
function mostCommon(colors: Map<string, number>): string | null {
  let best = '';
  let bestCount = 0;
  for (const [color, count] of colors) {
    if (count > bestCount) {
      best = color;
      bestCount = count;
    }
  }
  return best === '' ? null : best;
}
