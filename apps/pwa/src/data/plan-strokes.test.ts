import { encodePlanBlob } from '@fabdesk/shared/plan/plan-blob.ts';
import type { PlanSummary } from '@fabdesk/shared/plan/plan-summary.ts';
import { describe, expect, it } from 'vitest';
import { planStrokes } from './plan-strokes.ts';

// kind, x0, y0, x1, y1, v0, v1, durationS
const block = (kind: number, x0: number, y0: number, x1: number, y1: number) => [
  kind,
  x0,
  y0,
  x1,
  y1,
  0,
  0,
  0.1,
];
const summary: PlanSummary = {
  durationSeconds: 1.2,
  distancePlottedMm: 0,
  distanceTravelMm: 0,
  penDownTimeSeconds: 0,
  penUpTimeSeconds: 0,
  penLifts: 2,
  penChanges: 0,
  pauses: 0,
  pathCount: 3,
  pointCount: 0,
  blockCount: 12,
  layers: [],
};
const layer = (i: number, color: string, firstBlock: number, blockCount: number) => ({
  layerIndex: i,
  key: color,
  name: color,
  color,
  firstBlock,
  blockCount,
  pathCount: 1,
  pointCount: 0,
  penChange: false,
  pauseBefore: false,
});

describe('planStrokes', () => {
  it('draws pen-down moves only, one stroke per pen-down run, per layer in its colour', () => {
    const blocks = [
      block(5, 0, 0, 0, 0), // layer marker
      block(0, 0, 0, 10, 10), // travel: not drawn
      block(3, 10, 10, 10, 10), // pen down
      block(1, 10, 10, 20, 10), // accelerate
      block(1, 20, 10, 30, 10), // decelerate: same stroke
      block(2, 30, 10, 30, 10), // pen up
      block(0, 30, 10, 50, 50),
      block(3, 50, 50, 50, 50),
      block(1, 50, 50, 60, 60),
      block(2, 60, 60, 60, 60),
      block(5, 0, 0, 0, 0),
      block(1, 1, 2, 3, 4),
    ].flat();
    const bytes = encodePlanBlob(
      {
        blocks: Float64Array.from(blocks),
        layers: [layer(0, '#ff0000', 0, 10), layer(1, '#0000ff', 10, 2)],
        durationS: 1.2,
      },
      summary,
    );
    const drawing = planStrokes(bytes, { widthMm: 420, heightMm: 297 });
    expect(drawing.widthMm).toBe(420);
    expect(drawing.layers.map((l) => l.color)).toEqual(['#ff0000', '#0000ff']);
    expect([...drawing.layers[0]!.points]).toEqual([10, 10, 20, 10, 30, 10, 50, 50, 60, 60]);
    expect([...drawing.layers[0]!.starts]).toEqual([0, 6]);
    expect([...drawing.layers[1]!.points]).toEqual([1, 2, 3, 4]);
  });

  it('refuses bytes that are not a plan', () => {
    expect(() => planStrokes(new Uint8Array(40), { widthMm: 1, heightMm: 1 })).toThrow(/FDPL/);
  });
});
