import type { Drawing, Polyline } from '../geometry/drawing.ts';

/** A small seeded PRNG (mulberry32): synthetic drawings must be reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A reproducible random drawing for tests and benchmarks: `paths` strokes per layer,
 * each a random walk of 2..`maxPoints` points with smooth turns, inside width × height mm.
 */
export function syntheticDrawing(options: {
  seed: number;
  layers: number;
  paths: number;
  maxPoints: number;
  widthMm: number;
  heightMm: number;
}): Drawing {
  const rand = seededRandom(options.seed);
  const layers = [];
  for (let l = 0; l < options.layers; l++) {
    const paths: Polyline[] = [];
    for (let i = 0; i < options.paths; i++) {
      const n = 2 + Math.floor(rand() * (options.maxPoints - 1));
      const p = new Float64Array(2 * n);
      let x = rand() * options.widthMm;
      let y = rand() * options.heightMm;
      let heading = rand() * 2 * Math.PI;
      for (let k = 0; k < n; k++) {
        p[2 * k] = Math.min(options.widthMm, Math.max(0, x));
        p[2 * k + 1] = Math.min(options.heightMm, Math.max(0, y));
        heading += (rand() - 0.5) * 1.2;
        const step = 0.2 + rand() * 3;
        x += Math.cos(heading) * step;
        y += Math.sin(heading) * step;
      }
      paths.push(p);
    }
    layers.push({
      key: `layer-${l}`,
      name: `Layer ${l}`,
      order: l,
      color: `#${(l * 0x335577 + 0x112233).toString(16).slice(-6).padStart(6, '0')}`,
      options: { pauseBefore: false, skip: false },
      paths,
    });
  }
  return { widthMm: options.widthMm, heightMm: options.heightMm, layers, unplottable: {} };
}
