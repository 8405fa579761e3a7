import { describe, expect, it } from 'vitest';
import { rectSegments } from './rect-segments.ts';

const radii = (segments: ReturnType<typeof rectSegments>) =>
  segments.filter((s) => s[0] === 'A').map((s) => [s[1], s[2]]);

describe('rectSegments', () => {
  it('draws square corners without radii', () => {
    expect(rectSegments(1, 2, 10, 5, null, null)).toEqual([
      ['M', 1, 2],
      ['H', 11],
      ['V', 7],
      ['H', 1],
      ['Z'],
    ]);
  });

  it.each([
    ['rx only: ry = rx', 2, null, [2, 2]],
    ['ry only: rx = ry', null, 1.5, [1.5, 1.5]],
    ['both', 3, 1, [3, 1]],
    ['rx clamped to half the width', 8, 1, [5, 1]],
    ['ry clamped to half the height', 1, 4, [1, 2.5]],
    ['negative rx is ignored: takes ry', -1, 2, [2, 2]],
  ] as [string, number | null, number | null, number[]][])('%s', (_, rx, ry, expected) => {
    const arcs = radii(rectSegments(0, 0, 10, 5, rx, ry));
    expect(arcs).toHaveLength(4);
    for (const arc of arcs) expect(arc).toEqual(expected);
  });

  it('starts after the top-left rounding and closes where it started', () => {
    const segments = rectSegments(0, 0, 10, 5, 2, 1);
    expect(segments[0]).toEqual(['M', 2, 0]);
    expect(segments.at(-2)).toEqual(['A', 2, 1, 0, 0, 1, 2, 0]);
  });

  it.each([
    [0, 5],
    [10, -1],
  ])('draws nothing for width %f, height %f', (w, h) => {
    expect(rectSegments(0, 0, w, h, null, null)).toEqual([]);
  });
});
