import type { EbbEmulator } from '@fabdesk/shared/ebb/emulator/ebb-emulator.ts';
import { BLOCK_STRIDE, BlockKind } from '@fabdesk/shared/plan/motion-block.ts';
import type { MotionPlan } from '@fabdesk/shared/plan/plan-motion.ts';
import { compareDrawn } from '@fabdesk/shared/plot/compare-drawn.ts';

/**
 * The emulator's account of a virtual plot, for the report: its time against the plan's
 * estimate, strokes and millimetres drawn against planned, underruns, error replies and
 * commands per second since `commandsBefore` (the log's length when the plot began).
 */
export function virtualPlotFigures(
  plan: MotionPlan,
  emu: EbbEmulator,
  commandsBefore: number,
  durationS: number,
) {
  const coverage = compareDrawn(plan.blocks, emu.drawn);
  const commands = emu.commandLog.length - commandsBefore;
  return {
    estimateErrorPercent: ((durationS - plan.durationS) / plan.durationS) * 100,
    strokesPlanned: countStrokes(plan.blocks),
    strokesDrawn: countDrawnStrokes(emu.drawn),
    plannedMm: coverage.plannedMm,
    drawnMm: coverage.coveredMm,
    missingMm: coverage.missingMm,
    retracedMm: coverage.retracedMm,
    underruns: emu.underruns,
    errorReplies: emu.errorReplies.length,
    commands,
    commandsPerS: commands / durationS,
  };
}

function countStrokes(blocks: Float64Array): number {
  let n = 0;
  for (let o = 0; o < blocks.length; o += BLOCK_STRIDE) if (blocks[o] === BlockKind.penDown) n++;
  return n;
}

/** Pen-down runs in the emulator's record: a new one wherever a line does not continue the last. */
function countDrawnStrokes(drawn: EbbEmulator['drawn']): number {
  let n = 0;
  let last: (typeof drawn)[number] | null = null;
  for (const s of drawn) {
    if (!last || last.x1Mm !== s.x0Mm || last.y1Mm !== s.y0Mm || last.endMs !== s.startMs) n++;
    last = s;
  }
  return n;
}
