import { BLOCK_STRIDE } from './motion-block.ts';

/**
 * An append-only Float64Array of motion blocks that grows geometrically (×1.5), so a plan
 * of any size costs one typed array and no per-block objects.
 */
export class BlockBuffer {
  data: Float64Array;
  /** Numbers used (a multiple of BLOCK_STRIDE). */
  length = 0;

  constructor(initialBlocks: number) {
    this.data = new Float64Array(Math.max(16, Math.ceil(initialBlocks)) * BLOCK_STRIDE);
  }

  get blockCount(): number {
    return this.length / BLOCK_STRIDE;
  }

  push(
    kind: number,
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    v0: number,
    v1: number,
    durationS: number,
  ): void {
    let d = this.data;
    let i = this.length;
    if (i + BLOCK_STRIDE > d.length) {
      const grown = new Float64Array(Math.ceil((d.length * 1.5) / BLOCK_STRIDE) * BLOCK_STRIDE);
      grown.set(d);
      this.data = d = grown;
    }
    d[i++] = kind;
    d[i++] = x0;
    d[i++] = y0;
    d[i++] = x1;
    d[i++] = y1;
    d[i++] = v0;
    d[i++] = v1;
    d[i++] = durationS;
    this.length = i;
  }

  /** The blocks written, trimmed to size when more than a tenth of the buffer is spare. */
  finish(): Float64Array {
    if (this.length * 1.1 < this.data.length) return this.data.slice(0, this.length);
    return this.data.subarray(0, this.length);
  }
}
