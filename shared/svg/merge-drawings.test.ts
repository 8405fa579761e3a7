import { describe, expect, it } from 'vitest';
import type { Drawing, DrawingLayer } from '../geometry/drawing.ts';
import { mergeDrawings } from './merge-drawings.ts';

const layer = (key: string, order: number, ...xs: number[]): DrawingLayer => ({
  key,
  name: key,
  order,
  color: null,
  options: { pauseBefore: false, skip: false },
  paths: xs.map((x) => Float64Array.of(x, 0, x, 1)),
});

describe('mergeDrawings', () => {
  it('merges layers by key, takes the largest page and sums unplottable counts', () => {
    const a: Drawing = {
      widthMm: 100,
      heightMm: 50,
      layers: [layer('layer:2', 2, 1), layer('layer:1', 1, 2)],
      unplottable: { text: 2 },
    };
    const b: Drawing = {
      widthMm: 80,
      heightMm: 90,
      layers: [layer('layer:1', 1, 3), layer('label:x', 3, 4)],
      unplottable: { text: 1, image: 1 },
    };
    const merged = mergeDrawings([a, b]);
    expect([merged.widthMm, merged.heightMm]).toEqual([100, 90]);
    expect(merged.unplottable).toEqual({ text: 3, image: 1 });
    expect(merged.layers.map((l) => [l.key, l.paths.map((p) => p[0])])).toEqual([
      ['layer:1', [2, 3]],
      ['layer:2', [1]],
      ['label:x', [4]],
    ]);
    // the inputs are left as they were
    expect(a.layers[1]?.paths).toHaveLength(1);
  });

  it('of nothing is an empty drawing', () => {
    expect(mergeDrawings([])).toEqual({ widthMm: 0, heightMm: 0, layers: [], unplottable: {} });
  });
});
