import { readFileSync } from 'node:fs';
import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { EbbDriver } from '../ebb/driver/ebb-driver.ts';
import { EbbError } from '../ebb/driver/ebb-error.ts';
import { createEmulatedPort } from '../ebb/emulator/create-emulated-port.ts';
import { EbbEmulator } from '../ebb/emulator/ebb-emulator.ts';
import { VirtualTimer } from '../ebb/emulator/virtual-timer.ts';
import { seededRandom } from '../optimize/synthetic-drawing.ts';
import { BLOCK_STRIDE, BlockKind } from '../plan/motion-block.ts';
import { encodePlanBlob } from '../plan/plan-blob.ts';
import { sha256Hex } from '../plan/sha256-hex.ts';
import { summarizePlan } from '../plan/summarize-plan.ts';
import { compareDrawn } from './compare-drawn.ts';
import { makePlotCheckpoint } from './make-plot-checkpoint.ts';
import { type PlotCheckpoint, PlotCheckpointSchema } from './plot-checkpoint.ts';
import { planSvg, resumeJob } from './plot-test-kit.ts';
import { prepareResume } from './prepare-resume.ts';

const corpus = new URL('../../../shared/corpus/svg/', import.meta.url);
const flush = async () => {
  for (let i = 0; i < 2; i++) await setImmediate();
};
const planFile = (file: string) =>
  planSvg(readFileSync(new URL(file, corpus), 'utf8'), { pauseOnPenChange: false });

describe('a plot cut at random points and resumed each time', () => {
  it.each([
    ['misc__few_beziers.svg', 1],
    ['misc__few_circles.svg', 2],
  ])(
    '%s: every planned stroke drawn, none twice unless the board lost power (seed %i)',
    async (file, seed) => {
      const plan = planFile(file);
      const job = resumeJob(plan, await sha256Hex(encodePlanBlob(plan, summarizePlan(plan))));
      const random = seededRandom(seed);
      const pathsPlanned = new Map<number, number>();
      {
        let layer = 0;
        for (let o = 0; o < plan.blocks.length; o += BLOCK_STRIDE) {
          if (plan.blocks[o] === BlockKind.layer) layer = plan.blocks[o + 5] as number;
          if (plan.blocks[o] === BlockKind.penUp)
            pathsPlanned.set(layer, (pathsPlanned.get(layer) ?? 0) + 1);
        }
      }
      const kinds = { power: 0, disconnect: 0 };
      for (let trial = 0; trial < 10; trial++) {
        const emu = new EbbEmulator(trial % 2 === 0 ? '3.0.3' : '2.8.1');
        const timer = new VirtualTimer(emu);
        let saved: PlotCheckpoint | null = null;
        let lastAckedBlock = 0;
        let cutsLeft = random() < 0.3 ? 2 : 1;
        /** Retrace the procedure admits: drawn after the saved checkpoint, before power went. */
        let allowedRetraceMm = 0;
        const paths: string[] = [];
        const cutKinds: string[] = [];
        for (let run = 0; ; run++) {
          expect(run).toBeLessThan(5);
          const driver = await timer.run(EbbDriver.open(createEmulatedPort(emu), { timer }), flush);
          let blocks = plan.blocks;
          let durationS = plan.durationS;
          let sourceBlock: ArrayLike<number> | null = null;
          let toPlan = (cp: {
            layer: number;
            pathIndex: number;
            penDownDistanceMm: number;
            xMm: number;
            yMm: number;
          }) => ({
            layerIndex: cp.layer,
            pathIndex: cp.pathIndex,
            penDownDistanceMm: cp.penDownDistanceMm,
            xMm: cp.xMm,
            yMm: cp.yMm,
          });
          if (run > 0) {
            const prepared = await timer.run(
              prepareResume({
                driver,
                ...job,
                checkpoint: saved,
                confirmHome: async () => {},
                lastAckedBlock,
              }),
              flush,
            );
            paths.push(prepared.positionFrom);
            blocks = prepared.resumed.blocks;
            durationS = prepared.resumed.durationS;
            sourceBlock = prepared.resumed.sourceBlock;
            toPlan = prepared.resumed.toPlanProgress;
          }
          lastAckedBlock = 0;
          let cut: 'power' | 'disconnect' | null = null;
          let handle: unknown = null;
          if (cutsLeft > 0) {
            cutsLeft--;
            const kind = random() < 0.5 ? 'power' : 'disconnect';
            handle = timer.setTimeout(
              () => {
                cut = kind;
                if (kind === 'power') {
                  // What the board drew past the saved checkpoint is drawn again after a power loss.
                  emu.powerLoss();
                  const drawnNow = compareDrawn(plan.blocks, emu.drawn).coveredMm;
                  // Each end of a retraced stretch is known to within a step.
                  allowedRetraceMm +=
                    Math.max(0, drawnNow - (saved?.penDownDistanceMm ?? 0)) + 2 / 80;
                } else emu.disconnect();
              },
              random() * durationS * 1000 * 0.95,
            );
          }
          const outcome = await timer
            .run(
              driver.plot(blocks, {
                onCheckpoint: (cp) => {
                  saved = PlotCheckpointSchema.parse(
                    makePlotCheckpoint(job.jobId, job.planHash, toPlan(cp)),
                  );
                },
                onProgress: (p) => {
                  lastAckedBlock = Math.max(
                    lastAckedBlock,
                    sourceBlock ? (sourceBlock[p.blockIndex] ?? 0) : p.blockIndex,
                  );
                },
              }),
              flush,
            )
            .catch((e: unknown) => e);
          if (handle !== null) timer.clearTimeout(handle);
          if (cut === null) {
            expect(outcome).toEqual({ completed: true, stop: null });
            break;
          }
          expect(outcome).toBeInstanceOf(EbbError);
          expect((outcome as EbbError).code).toBe('disconnected');
          kinds[cut as 'power' | 'disconnect']++;
          cutKinds.push(cut === 'power' ? 'user' : 'board');
          // A board that kept power runs what it had queued while the cable is out.
          if (cut === 'disconnect') emu.runUntilIdle();
        }
        const report = compareDrawn(plan.blocks, emu.drawn);
        // Kept power: position from the board's counters; power lost: the user homes it.
        expect(paths).toEqual(cutKinds);
        const where = `trial ${trial} (${emu.profile.version}, resumed from ${paths.join(',') || 'nothing'})`;
        expect(report.strayLines, where).toBe(0);
        expect(report.missingMm, where).toBeLessThanOrEqual(1 / 80);
        expect(report.retracedMm, where).toBeLessThanOrEqual(allowedRetraceMm);
        if (!paths.includes('user')) expect(report.retracedMm, where).toBe(0);
        expect(emu.errorReplies, where).toEqual([]);
        expect(emu.positionSteps, where).toEqual([0, 0]);
        expect(emu.penUp, where).toBe(true);
        // The last checkpoint, mapped back through every resume, is the plan's last pen-up.
        const lastLayer = [...pathsPlanned.keys()].at(-1) as number;
        expect(saved, where).toMatchObject({
          layerIndex: lastLayer,
          pathIndex: pathsPlanned.get(lastLayer),
        });
        expect((saved as PlotCheckpoint | null)?.penDownDistanceMm, where).toBeCloseTo(
          report.plannedMm,
          6,
        );
      }
      expect(kinds.power).toBeGreaterThan(0);
      expect(kinds.disconnect).toBeGreaterThan(0);
    },
    120_000,
  );
});
