import { describe, expect, it } from 'vitest';
import { BLOCK_STRIDE, BlockKind } from '../plan/motion-block.ts';
import { planMotion } from '../plan/plan-motion.ts';
import { profile, testLayer } from './plot-test-kit.ts';
import { resumePlan } from './resume-plan.ts';
import { locateBoardStop, planStart, resumePointFromCheckpoint } from './resume-point.ts';

const plan = planMotion(
  [
    testLayer([
      [10, 10, 50, 10],
      [10, 30, 50, 30, 50, 60],
    ]),
  ],
  profile,
);

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

  it('a pen the driver may have lifted after a fault: mid-stroke is a place too, the earliest wins', () => {
    const lifted = { penMayBeLifted: true };
    const from = planStart(plan);
    // Mid-stroke with the pen up: the stroke continues from there, as with the pen down.
    expect(locateBoardStop(plan, from, 50, 45, true, lifted)).toEqual(
      locateBoardStop(plan, from, 50, 45, false),
    );
    expect(locateBoardStop(plan, from, 50, 45, true, lifted)).toMatchObject({
      pathIndex: 1,
      within: { xMm: 50, yMm: 45 },
    });
    // At a stroke's end: the stroke is drawn, the boundary after it (no pen-down for nothing).
    const afterFirst = locateBoardStop(plan, from, 50, 10, true, lifted);
    expect(afterFirst).toMatchObject({ within: null, pathIndex: 1, penDownDistanceMm: 40 });
    expect(afterFirst).toEqual(locateBoardStop(plan, from, 50, 10, true));
    expect(locateBoardStop(plan, from, 50, 60, true, lifted)).toMatchObject({
      within: null,
      pathIndex: 2,
      penDownDistanceMm: 110,
    });
    // On the travel between the strokes: the boundary before the second, as without the option.
    expect(locateBoardStop(plan, from, 30, 20, true, lifted)).toEqual(
      locateBoardStop(plan, from, 30, 20, true),
    );
    // After the checkpoint only: the first stroke is done, the point on it is not a place.
    const checkpoint = resumePointFromCheckpoint(plan, {
      layerIndex: 0,
      pathIndex: 1,
      penDownDistanceMm: 40,
      xMm: 50,
      yMm: 10,
    });
    expect(locateBoardStop(plan, checkpoint, 30, 10, true, lifted)).toBeNull();
  });

  it('a pen-up stop on a travel that crosses an earlier stroke redraws from the crossing, skips nothing', () => {
    // The travel from the second stroke's end (50,50) to the third's start (10,25) crosses
    // the first stroke (x = 30) at y = 37.5.
    const crossing = planMotion(
      [
        testLayer([
          [30, 10, 30, 40],
          [50, 40, 50, 50],
          [10, 25, 20, 25],
        ]),
      ],
      profile,
    );
    const from = planStart(crossing);
    expect(locateBoardStop(crossing, from, 30, 37.5, true)).toMatchObject({
      within: null,
      pathIndex: 2,
    });
    expect(locateBoardStop(crossing, from, 30, 37.5, true, { penMayBeLifted: true })).toMatchObject(
      { within: { xMm: 30, yMm: 37.5 }, pathIndex: 0 },
    );
  });
});
