import { readFileSync } from 'node:fs';
import { setImmediate } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { axidrawProfile } from '../../plan/axidraw-models.ts';
import { BLOCK_STRIDE, BlockKind } from '../../plan/motion-block.ts';
import { planMotion } from '../../plan/plan-motion.ts';
import { importSvg } from '../../svg/import-svg.ts';
import { createEmulatedPort } from '../emulator/create-emulated-port.ts';
import { EbbEmulator } from '../emulator/ebb-emulator.ts';
import { VirtualTimer } from '../emulator/virtual-timer.ts';
import { EbbDriver } from './ebb-driver.ts';

const corpus = new URL('../../../../shared/corpus/svg/', import.meta.url);
const flush = async () => {
  for (let i = 0; i < 2; i++) await setImmediate();
};

describe.each(['2.8.1', '3.0.3'] as const)(
  'corpus drawings through planner, driver and emulator %s',
  (firmware) => {
    it.each(['misc__few_beziers.svg', 'misc__few_circles.svg'])(
      '%s: drawn as planned, on time',
      async (file) => {
        const drawing = importSvg(readFileSync(new URL(file, corpus), 'utf8'), {
          toleranceMm: 0.05,
        });
        const plan = planMotion(drawing.layers, axidrawProfile('axidraw-v3'), {
          pauseOnPenChange: false,
        });
        const emu = new EbbEmulator(firmware);
        const timer = new VirtualTimer(emu);
        const driver = await timer.run(EbbDriver.open(createEmulatedPort(emu), { timer }), flush);
        const result = await timer.run(driver.plot(plan.blocks), flush);
        expect(result.completed).toBe(true);
        expect(emu.errorReplies).toEqual([]);
        expect(driver.maxUnacked).toBeLessThanOrEqual(driver.queueDepth + 1);
        expect(emu.positionSteps).toEqual([0, 0]);
        expect(emu.underruns).toBe(0);
        // Every pen-down block's end point was reached, in order, within one step.
        const want: number[][] = [];
        for (let o = 0; o < plan.blocks.length; o += BLOCK_STRIDE) {
          if (plan.blocks[o] === BlockKind.moveDown)
            want.push([plan.blocks[o + 3] as number, plan.blocks[o + 4] as number]);
        }
        expect(want.length).toBeGreaterThan(10);
        expect(emu.drawn.length).toBe(want.length);
        let worst = 0;
        for (const [i, s] of emu.drawn.entries()) {
          const w = want[i] as number[];
          worst = Math.max(
            worst,
            Math.abs(s.x1Mm - (w[0] as number)),
            Math.abs(s.y1Mm - (w[1] as number)),
          );
        }
        expect(worst).toBeLessThanOrEqual(1 / 80);
        const plannedMs = plan.durationS * 1000;
        expect(Math.abs((emu.idleSinceMs ?? 0) - plannedMs) / plannedMs).toBeLessThan(0.005);
      },
      60_000,
    );
  },
);
