/**
 * A 2-D affine matrix `[a, b, c, d, e, f]` as in SVG's `matrix(a b c d e f)`:
 * x' = a·x + c·y + e, y' = b·x + d·y + f. One small subject, so its three helpers live together.
 */
export type Matrix = readonly [number, number, number, number, number, number];

export const identityMatrix: Matrix = [1, 0, 0, 1, 0, 0];

/** `outer · inner`: applying the result equals applying `inner` first, then `outer`. */
export function multiplyMatrices(outer: Matrix, inner: Matrix): Matrix {
  const [a, b, c, d, e, f] = outer;
  const [A, B, C, D, E, F] = inner;
  return [
    a * A + c * B,
    b * A + d * B,
    a * C + c * D,
    b * C + d * D,
    a * E + c * F + e,
    b * E + d * F + f,
  ];
}
