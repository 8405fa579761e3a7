import { describe, expect, it } from 'vitest';
import type { DrawingLayer } from '../geometry/drawing.ts';
import { axidrawProfile } from './axidraw-models.ts';
import { BLOCK_STRIDE, BlockKind } from './motion-block.ts';
import { planMotion } from './plan-motion.ts';
import { readPlanStroke } from './read-plan-stroke.ts';

const profile = axidrawProfile('axidraw-v3');

function planOf(paths: number[][], options: Partial<DrawingLayer['options']> = {}) {
  return planMotion(
    [
      {
        key: 'a',
        name: 'a',
        order: 0,
        color: null,
        options: { pauseBefore: false, skip: false, ...options },
        paths: paths.map((p) => new Float64Array(p)),
      },
    ],
    profile,
  ).blocks;
}

const indexOf = (blocks: Float64Array, kind: number, nth = 0) => {
  let seen = 0;
  for (let i = 0; i < blocks.length / BLOCK_STRIDE; i++)
    if (blocks[i * BLOCK_STRIDE] === kind && seen++ === nth) return i;
  throw new Error(`no block of kind ${kind} #${nth}`);
};

describe('readPlanStroke', () => {
  // An L: a 100 mm leg (accelerate, cruise, decelerate: three blocks) then a 40 mm leg.
  const blocks = planOf([[10, 10, 110, 10, 110, 50]], { penDownDelayMs: 80 });

  it('gives back the drawing’s vertices, not the phase ends of each segment', () => {
    const penDown = indexOf(blocks, BlockKind.penDown);
    const stroke = readPlanStroke(blocks, penDown);
    expect(stroke.penUp - stroke.firstMove).toBeGreaterThan(2);
    expect(Array.from(stroke.polyline())).toEqual([10, 10, 110, 10, 110, 50]);
    expect(stroke.penDown).toBe(penDown);
    expect(blocks[stroke.penUp * BLOCK_STRIDE]).toBe(BlockKind.penUp);
    expect(stroke.penDownS).toBeCloseTo(0.2, 12);
    expect(stroke.penUpS).toBe(profile.penRaiseS);
    expect(stroke.peakMmS).toBeCloseTo(50, 9);
    expect(stroke.cruiseMmS).toBeCloseTo(50, 9);
  });

  it('from a block in the middle: the same stroke, the rest of it from a given point', () => {
    const middle = indexOf(blocks, BlockKind.moveDown, 1);
    const stroke = readPlanStroke(blocks, middle);
    expect(stroke.penDown).toBe(indexOf(blocks, BlockKind.penDown));
    const x = blocks[middle * BLOCK_STRIDE + 1] as number;
    expect(Array.from(stroke.polyline(middle, x, 10))).toEqual([x, 10, 110, 10, 110, 50]);
  });

  it('a short stroke that never reaches the cap does not cruise; a dot has no moves', () => {
    const plan = planOf([
      [0, 0, 2, 0],
      [5, 5],
    ]);
    const short = readPlanStroke(plan, indexOf(plan, BlockKind.penDown, 0));
    expect(short.peakMmS).toBeGreaterThan(0);
    expect(short.peakMmS).toBeLessThan(50);
    expect(short.cruiseMmS).toBe(0);
    const dot = readPlanStroke(plan, indexOf(plan, BlockKind.penDown, 1));
    expect(dot.firstMove).toBe(dot.penUp);
    expect(Array.from(dot.polyline())).toEqual([5, 5]);
  });
});
