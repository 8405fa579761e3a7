import { describe, expect, it } from 'vitest';
import { clipPolyline } from './clip-polyline.ts';

const rect = { minX: 0, minY: 0, maxX: 10, maxY: 10 };
const arrays = (ps: Float64Array[]) => ps.map((p) => Array.from(p));

describe('clipPolyline', () => {
  it.each([
    { name: 'inside stays whole', input: [1, 1, 5, 5, 9, 1], expected: [[1, 1, 5, 5, 9, 1]] },
    { name: 'crossing is cut at the border', input: [5, 5, 15, 5], expected: [[5, 5, 10, 5]] },
    { name: 'entering is cut at the border', input: [-5, 5, 5, 5], expected: [[0, 5, 5, 5]] },
    {
      name: 'leaving and re-entering gives two strokes',
      input: [2, 2, 2, 20, 8, 20, 8, 2],
      expected: [
        [2, 2, 2, 10],
        [8, 10, 8, 2],
      ],
    },
    { name: 'passing through keeps the chord', input: [-5, 5, 15, 5], expected: [[0, 5, 10, 5]] },
    { name: 'outside is dropped', input: [20, 20, 30, 30], expected: [] },
  ])('$name', ({ input, expected }) => {
    expect(arrays(clipPolyline(Float64Array.from(input), rect))).toEqual(expected);
  });
});
