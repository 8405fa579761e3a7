import { describe, expect, it } from 'vitest';
import type { DrawingLayer } from '../geometry/drawing.ts';
import { axidrawProfile } from '../plan/axidraw-models.ts';
import { BLOCK_STRIDE } from '../plan/motion-block.ts';
import { planMotion } from '../plan/plan-motion.ts';
import { PlotCheckpointSchema } from './plot-checkpoint.ts';
import { PlotRecorder } from './plot-recorder.ts';

const layer = (name: string, paths: number[][]): DrawingLayer => ({
  key: name,
  name,
  order: 0,
  color: name,
  options: { pauseBefore: false, skip: false },
  paths: paths.map((p) => Float64Array.from(p)),
});
const plan = planMotion(
  [layer('black', [[10, 10, 50, 10]]), layer('red', [[10, 30, 50, 30]])],
  axidrawProfile('axidraw-v3'),
);
const blocks = plan.blocks.length / BLOCK_STRIDE;
const redStart = plan.layers[1]?.firstBlock as number;

describe('PlotRecorder across an interruption', () => {
  it('a resumed run carries what the first measured: times of the whole plot, pauses left out', () => {
    // Run 1: 4 s of black, a 10 s pause, 3 s into red; a checkpoint is saved there.
    const first = new PlotRecorder(plan);
    first.start(0);
    first.reached(redStart - 1, 0);
    first.paused(4000);
    first.resumed(14_000);
    first.reached(redStart, 14_000);
    const measured = first.measuredSoFar(17_000);
    expect(measured.elapsedS).toBeCloseTo(7, 9);
    expect(measured.layerDurationsS[0]).toBeCloseTo(4, 9);
    expect(measured.layerDurationsS[1]).toBeCloseTo(3, 9);

    // Run 2 (after a reload) resumes there and plots 5 s more of red.
    const second = new PlotRecorder(plan);
    second.carryOver(measured);
    second.start(100_000);
    second.reached(redStart, 100_000);
    second.reached(blocks - 1, 105_000);
    second.finish(105_000, true);
    expect(second.elapsedS(105_000)).toBeCloseTo(12, 9);
    expect(second.layerRecords.map((l) => l.durationS)).toEqual([
      expect.closeTo(4, 9),
      expect.closeTo(8, 9),
    ]);
    // Distances and paths are the plan's, counted again from the plan: no carrying needed.
    expect(second.layerRecords.map((l) => l.pathCount)).toEqual([1, 1]);
    expect(second.layerRecords[1]?.distancePlottedMm).toBeCloseTo(40, 9);
  });

  it('a run without anything carried over measures from zero, as before', () => {
    const r = new PlotRecorder(plan);
    r.start(0);
    r.reached(blocks - 1, 0);
    r.finish(2500, true);
    expect(r.elapsedS(2500)).toBeCloseTo(2.5, 9);
  });

  it('checkpoints stored before `measured` existed still parse; new ones keep it', () => {
    const old = {
      jobId: 'job-1',
      planHash: 'a'.repeat(64),
      layerIndex: 0,
      pathIndex: 1,
      penDownDistanceMm: 40,
      xMm: 50,
      yMm: 10,
      motor1Steps: 4800,
      motor2Steps: 3200,
    };
    expect(PlotCheckpointSchema.parse(old).measured).toBeUndefined();
    const now = { ...old, measured: { elapsedS: 7, layerDurationsS: [4, 3] } };
    expect(PlotCheckpointSchema.parse(now).measured).toEqual({
      elapsedS: 7,
      layerDurationsS: [4, 3],
    });
    expect(() =>
      PlotCheckpointSchema.parse({ ...old, measured: { elapsedS: -1, layerDurationsS: [] } }),
    ).toThrow();
  });
});
