import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { AxiKinematics } from '../ebb/axidraw-kinematics.ts';
import { EbbDriver } from '../ebb/driver/ebb-driver.ts';
import { EbbError } from '../ebb/driver/ebb-error.ts';
import { createEmulatedPort } from '../ebb/emulator/create-emulated-port.ts';
import { EbbEmulator } from '../ebb/emulator/ebb-emulator.ts';
import { VirtualTimer } from '../ebb/emulator/virtual-timer.ts';
import { planMotion } from '../plan/plan-motion.ts';
import { compareDrawn } from './compare-drawn.ts';
import { makePlotCheckpoint } from './make-plot-checkpoint.ts';
import { type PlotCheckpoint, PlotCheckpointSchema } from './plot-checkpoint.ts';
import { plotRun } from './plot-run.ts';
import { profile, resumeJob, testLayer } from './plot-test-kit.ts';
import { prepareResume } from './prepare-resume.ts';
import { locateBoardStop, resumePointFromCheckpoint } from './resume-point.ts';

const flush = async () => {
  for (let i = 0; i < 2; i++) await setImmediate();
};
const plan = planMotion(
  [
    testLayer([
      // Short strokes first: on 3.x (32 commands queued) a pen-up is confirmed as run, and
      // checkpointed, only some 33 commands later, so the long stroke comes after a checkpoint.
      ...Array.from({ length: 30 }, (_, k) => [20 + 5 * k, 20, 22 + 5 * k, 20]),
      [20, 40, 180, 40, 180, 120],
      [20, 140, 180, 140],
    ]),
  ],
  profile,
);
const job = resumeJob(plan);

describe('prepareResume after a fault the board survived', () => {
  it.each(['2.8.1', '3.0.3'] as const)(
    'on %s: garbage mid-stroke, the driver lifts the pen there, the resume continues from that very point: every stroke drawn once',
    async (firmware) => {
      const emu = new EbbEmulator(firmware);
      const timer = new VirtualTimer(emu);
      const driver = await timer.run(EbbDriver.open(createEmulatedPort(emu), { timer }), flush);
      const run = plotRun(plan);
      let saved: PlotCheckpoint | null = null;
      // Garbage on the line once a short stroke is checkpointed and the pen is halfway along
      // the long stroke's first line (y = 40, x from 20 to 180).
      let injected = false;
      const watch = () => {
        const [x, y] = AxiKinematics.pointMm(...emu.positionSteps);
        if (saved && !emu.penUp && Math.abs(y - 40) < 0.01 && x > 90) {
          injected = true;
          emu.faults.sendGarbage('\x00\xff#\r\n');
        } else timer.setTimeout(watch, 5);
      };
      timer.setTimeout(watch, 5);
      const failure = await timer
        .run(
          driver.plot(plan.blocks, {
            onCheckpoint: (cp) => {
              saved = PlotCheckpointSchema.parse(
                makePlotCheckpoint(job.jobId, job.planHash, run.toPlanProgress(cp)),
              );
            },
          }),
          flush,
        )
        .catch((e: unknown) => e);
      expect(injected).toBe(true);
      expect((failure as EbbError).code).toBe('garbage');
      expect(failure).toBeInstanceOf(EbbError);
      emu.runUntilIdle();
      const checkpoint = saved as PlotCheckpoint | null;
      expect(checkpoint?.pathIndex).toBeGreaterThanOrEqual(1);
      expect(checkpoint?.pathIndex).toBeLessThanOrEqual(30);

      // Where the fault left the board: pen up (the driver lifted it), on the long stroke,
      // which no pen-up place of the plan passes: before, the resume fell back to homing.
      expect(emu.penUp).toBe(true);
      const [x, y] = AxiKinematics.pointMm(...emu.positionSteps);
      expect(y).toBeCloseTo(40, 1);
      expect(x).toBeGreaterThan(95);
      expect(x).toBeLessThan(175);
      const from = resumePointFromCheckpoint(plan, checkpoint as PlotCheckpoint);
      expect(locateBoardStop(plan, from, x, y, true)).toBeNull();

      let confirmations = 0;
      const prepared = await timer.run(
        prepareResume({
          driver,
          ...job,
          checkpoint,
          confirmHome: async () => void confirmations++,
        }),
        flush,
      );
      expect(prepared.positionFrom).toBe('board');
      expect(confirmations).toBe(0);
      expect(prepared.point).toMatchObject({ pathIndex: 30, layerIndex: 0 });
      expect(prepared.point.within?.xMm).toBeCloseTo(x, 1);
      expect(prepared.point.within?.yMm).toBeCloseTo(40, 6);

      const outcome = await timer.run(driver.plot(prepared.resumed.blocks), flush);
      expect(outcome).toEqual({ completed: true, stop: null });
      const report = compareDrawn(plan.blocks, emu.drawn);
      expect(report.strayLines).toBe(0);
      expect(report.missingMm).toBeLessThanOrEqual(1 / 80);
      expect(report.retracedMm).toBe(0);
      expect(emu.errorReplies).toEqual([]);
      expect(emu.positionSteps).toEqual([0, 0]);
      expect(emu.penUp).toBe(true);
      await driver.close();
    },
    30_000,
  );
});
