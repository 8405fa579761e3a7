import { describe, expect, it } from 'vitest';
import type { Matrix } from './matrix.ts';
import { parseTransform } from './parse-transform.ts';

const apply = (m: Matrix, x: number, y: number) => [
  m[0] * x + m[2] * y + m[4],
  m[1] * x + m[3] * y + m[5],
];
const close = (actual: number[], expected: number[]) => {
  for (const [i, value] of actual.entries())
    expect(value).toBeCloseTo(expected[i] ?? Number.NaN, 9);
};

describe('parseTransform', () => {
  it.each([
    ['translate(10, 20)', [1, 2], [11, 22]],
    ['translate(10)', [1, 2], [11, 2]],
    ['scale(2)', [1, 2], [2, 4]],
    ['scale(2 3)', [1, 2], [2, 6]],
    ['rotate(90)', [1, 0], [0, 1]],
    ['rotate(90 10 10)', [10, 0], [20, 10]],
    ['skewX(45)', [0, 2], [2, 2]],
    ['skewY(45)', [2, 0], [2, 2]],
    ['matrix(1 2 3 4 5 6)', [1, 1], [9, 12]],
    // lists apply right to left: scale first, then translate
    ['translate(10,0) scale(2)', [1, 1], [12, 2]],
    ['scale(2),translate(10,0)', [1, 1], [22, 2]],
    [
      'rotate(-1.5e1)translate(.5-.5)',
      [0, 0],
      [
        0.5 * Math.cos(Math.PI / 12) - 0.5 * Math.sin(Math.PI / 12),
        -0.5 * Math.sin(Math.PI / 12) - 0.5 * Math.cos(Math.PI / 12),
      ],
    ],
  ] as [string, number[], number[]][])('%s maps %j to %j', (text, [x = 0, y = 0], expected) => {
    close(apply(parseTransform(text), x, y), expected);
  });

  it('ignores an attribute with a malformed function, as renderers do', () => {
    expect(parseTransform('translate(1,2) rotate(1,2)')).toEqual([1, 0, 0, 1, 0, 0]);
  });

  it('is the identity when absent', () => {
    expect(parseTransform(undefined)).toEqual([1, 0, 0, 1, 0, 0]);
  });
});
