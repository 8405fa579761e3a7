import { describe, expect, it } from 'vitest';
import { dropShortSegments, MOTOR_STEP_MM } from './drop-short-segments.ts';

describe('dropShortSegments', () => {
  it.each([
    { name: 'keeps long segments', input: [0, 0, 1, 0, 2, 0], expected: [0, 0, 1, 0, 2, 0] },
    { name: 'drops a sub-step point', input: [0, 0, 0.005, 0, 1, 0], expected: [0, 0, 1, 0] },
    {
      name: 'keeps the last point, dropping the one before it',
      input: [0, 0, 1, 0, 1.001, 0],
      expected: [0, 0, 1.001, 0],
    },
    {
      name: 'a dot stays a two-point stroke',
      input: [0, 0, 0.001, 0, 0.002, 0],
      expected: [0, 0, 0.002, 0],
    },
  ])('$name', ({ input, expected }) => {
    expect(Array.from(dropShortSegments(Float64Array.from(input)))).toEqual(expected);
  });

  it('leaves no interior segment shorter than one motor step', () => {
    const n = 1000;
    const p = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) p[2 * i] = i * 0.004;
    const out = dropShortSegments(p);
    for (let i = 2; i + 1 < out.length; i += 2) {
      expect(out[i]! - out[i - 2]!).toBeGreaterThanOrEqual(MOTOR_STEP_MM - 1e-12);
    }
    expect(out[out.length - 2]).toBe(p[p.length - 2]);
  });
});
