import type { EbbEmulator } from '@fabdesk/shared/ebb/emulator/ebb-emulator.ts';
import { BLOCK_STRIDE, BlockField } from '@fabdesk/shared/plan/motion-block.ts';

/**
 * What `--virtual-fault` can do to the virtual plotter, to rehearse what a real one does:
 * a pulled USB cable, the plotter switched off, noise on the line, a board that hangs.
 */
export const VirtualFaultKind = {
  disconnect: 'disconnect',
  powerLoss: 'power-loss',
  garbage: 'garbage',
  noReply: 'no-reply',
} as const;
export type VirtualFaultKind = (typeof VirtualFaultKind)[keyof typeof VirtualFaultKind];

/** A fault and when it strikes: once the plot has reached this share of the plan's time. */
export interface VirtualFault {
  kind: VirtualFaultKind;
  atPercent: number;
}

const KINDS = Object.values(VirtualFaultKind) as string[];

/** `disconnect@50%` → the fault; throws with what was expected otherwise. */
export function parseVirtualFault(text: string): VirtualFault {
  const m = /^([a-z-]+)@(\d+(?:\.\d+)?)%$/.exec(text);
  const kind = m?.[1] ?? '';
  const atPercent = Number(m?.[2]);
  if (!m || !KINDS.includes(kind) || atPercent > 100)
    throw new Error(
      `--virtual-fault takes <${KINDS.join('|')}>@<0-100>%, e.g. disconnect@50%; got ${JSON.stringify(text)}`,
    );
  return { kind: kind as VirtualFaultKind, atPercent };
}

/**
 * The fault's trigger for a plot of `blocks`: call it with each plan block the board
 * accepts; the first one at or past the fault's share of the plan's time strikes, once,
 * the way the emulator's own fault hooks do it (`disconnect`, `powerLoss`, `faults`).
 */
export function virtualFaultTrigger(
  fault: VirtualFault,
  blocks: Float64Array,
  emulator: EbbEmulator,
): (planBlock: number) => void {
  const count = blocks.length / BLOCK_STRIDE;
  let total = 0;
  for (let i = 0; i < count; i++) total += blocks[i * BLOCK_STRIDE + BlockField.durationS] ?? 0;
  // The first block whose end reaches the share of the plan's time.
  let at = count - 1;
  for (let i = 0, t = 0; i < count; i++) {
    t += blocks[i * BLOCK_STRIDE + BlockField.durationS] ?? 0;
    if (t >= (total * fault.atPercent) / 100) {
      at = i;
      break;
    }
  }
  let struck = false;
  return (planBlock) => {
    if (struck || planBlock < at) return;
    struck = true;
    strike(fault.kind, emulator);
  };
}

function strike(kind: VirtualFaultKind, emulator: EbbEmulator): void {
  switch (kind) {
    case 'disconnect':
      emulator.disconnect();
      return;
    case 'power-loss':
      emulator.powerLoss();
      return;
    case 'garbage':
      emulator.faults.sendGarbage('\u0000\u00ff~noise~\r\n');
      return;
    case 'no-reply':
      emulator.faults.stall();
      return;
  }
}
