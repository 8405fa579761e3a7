import { describe, expect, it } from 'vitest';
import type { Drawing } from '../geometry/drawing.ts';
import { fitToPaper } from './fit-to-paper.ts';

function drawing(paths: number[][], widthMm = 100, heightMm = 50): Drawing {
  return {
    widthMm,
    heightMm,
    unplottable: {},
    layers: [
      {
        key: 'a',
        name: 'a',
        order: 0,
        color: null,
        options: { pauseBefore: false, skip: false },
        paths: paths.map((p) => Float64Array.from(p)),
      },
    ],
  };
}

function bounds(d: Drawing) {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const p of d.layers[0]!.paths) {
    for (let i = 0; i < p.length; i += 2) {
      xs.push(p[i]!);
      ys.push(p[i + 1]!);
    }
  }
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

const a3 = { paperWidthMm: 420, paperHeightMm: 297, marginMm: 20 };

describe('fitToPaper', () => {
  it.each([
    // A wide box fills the width; a tall one fills the height; both are centred.
    { box: [10, 10, 110, 30], expected: [20, 110.5, 400, 186.5] },
    { box: [0, 0, 10, 100], expected: [197.15, 20, 222.85, 277] },
  ])('contain + centre scales $box to fill the printable area', ({ box, expected }) => {
    const [x0, y0, x1, y1] = box as [number, number, number, number];
    const d = drawing([[x0, y0, x1, y1]]);
    const out = fitToPaper(d, { ...a3, fit: 'contain', centre: true, rotateDeg: 0 });
    const b = bounds(out);
    for (let i = 0; i < 4; i++) expect(b[i]).toBeCloseTo(expected[i]!, 1);
    expect(out.widthMm).toBe(420);
    expect(out.heightMm).toBe(297);
  });

  it('keeps millimetres with fit none and no centring', () => {
    const out = fitToPaper(drawing([[5, 6, 7, 8]]), {
      ...a3,
      fit: 'none',
      centre: false,
      rotateDeg: 0,
    });
    expect(Array.from(out.layers[0]!.paths[0]!)).toEqual([5, 6, 7, 8]);
  });

  it('rotates 90° clockwise before fitting, so a wide drawing becomes tall', () => {
    const d = drawing([[0, 0, 100, 0, 100, 50]], 100, 50);
    const out = fitToPaper(d, { ...a3, fit: 'none', centre: false, rotateDeg: 90 });
    // (x, y) → (h − y, x): the top edge becomes the right edge.
    expect(Array.from(out.layers[0]!.paths[0]!)).toEqual([50, 0, 50, 100, 0, 100]);
  });

  it('does not modify its input', () => {
    const d = drawing([[1, 2, 3, 4]]);
    fitToPaper(d, { ...a3, fit: 'contain', centre: true, rotateDeg: 180 });
    expect(Array.from(d.layers[0]!.paths[0]!)).toEqual([1, 2, 3, 4]);
  });
});
