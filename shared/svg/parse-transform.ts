import { identityMatrix, type Matrix, multiplyMatrices } from './matrix.ts';

const FUNCTION = /([a-zA-Z]+)\s*\(([^)]*)\)/g;
const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;

/**
 * Parses an SVG `transform` attribute (SVG 1.1 §7.6): a list of matrix, translate, scale,
 * rotate (with optional centre), skewX and skewY, applied right to left as the spec composes
 * them. A function with the wrong number of arguments invalidates the whole attribute, which a
 * renderer then ignores; so does this (identity), rather than guessing.
 */
export function parseTransform(text: string | undefined): Matrix {
  if (text === undefined) return identityMatrix;
  let result = identityMatrix;
  for (const match of text.matchAll(FUNCTION)) {
    const name = match[1] ?? '';
    const args = (match[2] ?? '').match(NUMBER)?.map(Number) ?? [];
    const step = transformFunction(name, args);
    if (step === null) return identityMatrix;
    result = multiplyMatrices(result, step);
  }
  return result;
}

function transformFunction(name: string, args: number[]): Matrix | null {
  const [p = 0, q = 0, r = 0, s = 0, t = 0, u = 0] = args;
  const n = args.length;
  switch (name) {
    case 'matrix':
      return n === 6 ? [p, q, r, s, t, u] : null;
    case 'translate':
      return n === 1 || n === 2 ? [1, 0, 0, 1, p, q] : null;
    case 'scale':
      return n === 1 ? [p, 0, 0, p, 0, 0] : n === 2 ? [p, 0, 0, q, 0, 0] : null;
    case 'rotate': {
      if (n !== 1 && n !== 3) return null;
      const rad = (p * Math.PI) / 180;
      const cos = Math.cos(rad);
      const sin = Math.sin(rad);
      // rotate(a, cx, cy) = translate(cx, cy) rotate(a) translate(-cx, -cy)
      return [cos, sin, -sin, cos, q - cos * q + sin * r, r - sin * q - cos * r];
    }
    case 'skewX':
      return n === 1 ? [1, 0, Math.tan((p * Math.PI) / 180), 1, 0, 0] : null;
    case 'skewY':
      return n === 1 ? [1, Math.tan((p * Math.PI) / 180), 0, 1, 0, 0] : null;
    default:
      return null;
  }
}
