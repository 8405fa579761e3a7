import { BLOCK_STRIDE, BlockField } from '@fabdesk/shared/plan/motion-block.ts';

/** Prints "plotting 42% (x, y)" to stderr at each whole percent of the plan's time. */
export function progressPrinter(blocks: Float64Array, quiet: boolean) {
  const total = blocks.length / BLOCK_STRIDE;
  const timeAt = new Float64Array(total + 1);
  for (let i = 0; i < total; i++)
    timeAt[i + 1] =
      (timeAt[i] as number) + (blocks[i * BLOCK_STRIDE + BlockField.durationS] as number);
  const all = timeAt[total] || 1;
  let shown = -1;
  return (p: { blockIndex: number; xMm: number; yMm: number }) => {
    const percent = Math.floor(((timeAt[p.blockIndex + 1] as number) / all) * 100);
    if (quiet || percent === shown) return;
    shown = percent;
    process.stderr.write(
      `\rplotting ${String(percent).padStart(3)}%  at ${p.xMm.toFixed(1)}, ${p.yMm.toFixed(1)} mm   `,
    );
    if (percent >= 100) process.stderr.write('\n');
  };
}
