import { describe, expect, it } from 'vitest';
import type { DrawingLayer } from '../geometry/drawing.ts';
import { axidrawProfile } from '../plan/axidraw-models.ts';
import { BLOCK_STRIDE, BlockKind } from '../plan/motion-block.ts';
import { planMotion } from '../plan/plan-motion.ts';
import { resumePlan } from './resume-plan.ts';
import { locateBoardStop, planStart, resumePointFromCheckpoint } from './resume-point.ts';

const profile = axidrawProfile('axidraw-v3');
const layer: DrawingLayer = {
  key: 'a',
  name: 'a',
  order: 0,
  color: null,
  options: { pauseBefore: false, skip: false },
  paths: [new Float64Array([10, 10, 50, 10]), new Float64Array([10, 30, 50, 30, 50, 60])],
};
const plan = planMotion([layer], profile);

describe('resume points', () => {
  it('a checkpoint from another plan is refused, not guessed', () => {
    expect(() =>
      resumePointFromCheckpoint(plan, {
        layerIndex: 0,
        pathIndex: 1,
        penDownDistanceMm: 41,
        xMm: 50,
        yMm: 10,
      }),
    ).toThrow(/drawn 40\.000 mm/);
    expect(() =>
      resumePointFromCheckpoint(plan, {
        layerIndex: 0,
        pathIndex: 3,
        penDownDistanceMm: 0,
        xMm: 0,
        yMm: 0,
      }),
    ).toThrow(/no/);
  });

  it('after the first path, travel goes from the carriage straight to the second path', () => {
    const point = resumePointFromCheckpoint(plan, {
      layerIndex: 0,
      pathIndex: 1,
      penDownDistanceMm: 40,
      xMm: 50,
      yMm: 10,
    });
    const resumed = resumePlan(plan, point, profile, 0, 0);
    const b = resumed.blocks;
    expect(b[0]).toBe(BlockKind.layer);
    expect([b[BLOCK_STRIDE], b[BLOCK_STRIDE + 1], b[BLOCK_STRIDE + 2]]).toEqual([
      BlockKind.moveUp,
      0,
      0,
    ]);
    const firstDown = Array.from(
      { length: b.length / BLOCK_STRIDE },
      (_, i) => b[i * BLOCK_STRIDE],
    ).indexOf(BlockKind.penDown);
    expect([b[firstDown * BLOCK_STRIDE + 1], b[firstDown * BLOCK_STRIDE + 2]]).toEqual([10, 30]);
    // The driver's first pen-up in the resumed run is the plan's second path.
    expect(
      resumed.toPlanProgress({ layer: 0, pathIndex: 1, penDownDistanceMm: 70, xMm: 50, yMm: 60 }),
    ).toMatchObject({
      pathIndex: 2,
      penDownDistanceMm: 110,
    });
  });

  it('a board stopped mid-stroke continues from that very point, from rest', () => {
    const stop = locateBoardStop(plan, planStart(plan), 50, 45, false);
    expect(stop).toMatchObject({ layerIndex: 0, pathIndex: 1, within: { xMm: 50, yMm: 45 } });
    expect(stop?.penDownDistanceMm).toBeCloseTo(40 + 40 + 15, 9);
    const resumed = resumePlan(plan, stop as NonNullable<typeof stop>, profile, 0, 0);
    const b = resumed.blocks;
    const downs: number[][] = [];
    for (let o = 0; o < b.length; o += BLOCK_STRIDE)
      if (b[o] === BlockKind.moveDown) downs.push(Array.from(b.subarray(o + 1, o + 7)));
    expect(downs[0]?.slice(0, 2)).toEqual([50, 45]);
    expect(downs[0]?.[4]).toBe(0);
    expect(downs.at(-1)?.slice(2, 4)).toEqual([50, 60]);
    // Pen up at the stroke's end: mid-stroke → nowhere on a pen-up stretch.
    expect(locateBoardStop(plan, planStart(plan), 50, 45, true)).toBeNull();
  });
});
