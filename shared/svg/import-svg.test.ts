import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countPaths } from './count-paths.ts';
import { importSvg } from './import-svg.ts';

const corpus = new URL('../../../shared/corpus/svg/', import.meta.url);
const load = (name: string) => readFileSync(new URL(name, corpus), 'utf8');
const files = readdirSync(corpus).filter((name) => name.endsWith('.svg'));
const MM_PER_PX = 25.4 / 96;

describe('importSvg on every corpus file', () => {
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it.each(files)('%s imports with finite points in polylines of two or more points', (name) => {
    const drawing = importSvg(load(name));
    expect(Number.isFinite(drawing.widthMm) && drawing.widthMm > 0).toBe(true);
    expect(Number.isFinite(drawing.heightMm) && drawing.heightMm > 0).toBe(true);
    for (const layer of drawing.layers) {
      expect(layer.paths.length).toBeGreaterThan(0);
      for (const path of layer.paths) {
        expect(path.length).toBeGreaterThanOrEqual(4);
        expect(path.length % 2).toBe(0);
        expect(path.every(Number.isFinite)).toBe(true);
      }
    }
  });
});

// Page size in mm as a renderer shows each file on its own. Rules (see document-frame.ts):
// unitless = px at 96 px/in (1 px = 25.4/96 mm); cm/mm as given; a viewBox never changes a
// declared size; percent or missing sizes fall back to the viewBox in px; no size and no viewBox
// gives the drawing's extent from the origin.
const px = (n: number) => n * MM_PER_PX;
const sizes: [string, number, number, string][] = [
  ['arc_with_rotate__arc_with_rotate.svg', px(200), px(200), 'unitless 200×200 = px'],
  ['benchmark__300_beziers.svg', px(1000), px(1000), 'unitless px'],
  ['benchmark__500_circles.svg', px(2000), px(2000), 'unitless px'],
  ['benchmark__7k_lines.svg', 100, 100, '10.0cm × 10.0cm'],
  ['benchmark__900_quad_beziers.svg', px(1000), px(1000), 'unitless px'],
  ['benchmark__multi_skull.svg', 420, 297, '42.0cm × 29.7cm'],
  ['issue_58__circlelines_2.svg', 890, 1000, '890mm × 1000mm'],
  ['issue_58__voronoi.svg', 377.9375, 297, '37.79375cm × 29.7cm'],
  ['misc__all_shapes.svg', px(1000), px(1000), 'unitless px'],
  ['misc__color_width_opacity.svg', 100, 100, '10.0cm'],
  ['misc__custom_namespace.svg', px(500), px(500), 'unitless px'],
  ['misc__empty.svg', px(500), px(500), 'unitless px'],
  ['misc__empty_path.svg', px(500), px(500), 'unitless px'],
  ['misc__few_beziers.svg', px(1000), px(1000), 'unitless px'],
  ['misc__few_circles.svg', px(1000), px(1000), 'unitless px'],
  ['misc__few_quad_beziers.svg', px(1000), px(1000), 'unitless px'],
  ['misc__multilayer.svg', 158.75, 158.75, '15.875cm'],
  ['misc__multilayer_by_attributes.svg', 158.75, 158.75, '15.875cm'],
  ['misc__multilayer_empty_layer.svg', 158.75, 158.75, '15.875cm'],
  ['misc__multilayer_named_layers.svg', 158.75, 158.75, '15.875cm'],
  ['misc__text_element.svg', px(500), px(500), 'unitless px'],
  ['svg_width_height__fixed_size_200_600.svg', px(200), px(600), 'unitless px'],
  ['svg_width_height__fixed_size_500x300.svg', px(500), px(300), 'unitless px'],
  [
    'svg_width_height__fixed_size_viewbox_mismatch.svg',
    px(500),
    px(300),
    'declared 500×300 px wins; the 300×300 viewBox is stretched into it (preserveAspectRatio none)',
  ],
  [
    'svg_width_height__no_size.svg',
    px(140),
    px(240),
    'no size, no viewBox: the extent of the circle at (100, 200) r 40, i.e. 140×240 px',
  ],
  ['svg_width_height__no_size_viewbox.svg', px(300), px(300), 'no size: viewBox 300×300 as px'],
  [
    'svg_width_height__percent_size_viewbox.svg',
    px(300),
    px(300),
    '100% of nothing: treated as absent, viewBox 300×300 as px (as Inkscape does)',
  ],
  ['vpy__cmyk_svgs__file1.svg', 40.9375, 64.375, '4.09375cm × 6.4375cm'],
  ['vpy__paint_well_svgs__multilayer.svg', 99.8599784, 99.8611434, '9.98599784cm × 9.98611434cm'],
  ['vpy__two_layers_a4.svg', 210, 297, '21.0cm × 29.7cm'],
];

describe('page size', () => {
  it('covers every corpus file', () => {
    expect(sizes.map(([name]) => name).sort()).toEqual([...files].sort());
  });

  it.each(sizes)('%s is %f × %f mm (%s)', (name, widthMm, heightMm) => {
    const drawing = importSvg(load(name));
    // The no-size case measures the flattened circle, which lies within tolerance inside it.
    const precision = name.includes('no_size.svg') ? 0.05 : 1e-6;
    expect(Math.abs(drawing.widthMm - widthMm)).toBeLessThanOrEqual(precision);
    expect(Math.abs(drawing.heightMm - heightMm)).toBeLessThanOrEqual(precision);
  });

  it('maps a stretched viewBox onto the page: the viewBox-filling rect is the page outline', () => {
    const drawing = importSvg(load('svg_width_height__fixed_size_viewbox_mismatch.svg'));
    const rect = drawing.layers[0]?.paths[0];
    expect(Array.from(rect ?? []).map((n) => Number(n.toFixed(6)))).toEqual(
      [0, 0, px(500), 0, px(500), px(300), 0, px(300), 0, 0].map((n) => Number(n.toFixed(6))),
    );
  });

  it('shifts content by the viewBox origin when there is no size', () => {
    const drawing = importSvg(load('svg_width_height__no_size_viewbox.svg'));
    const circle = drawing.layers[0]?.paths[0] ?? new Float64Array();
    // circle (100, 200) r 40 in a viewBox starting at (100, 100): starts at (140-100, 200-100) px
    expect(circle[0]).toBeCloseTo(px(40), 9);
    expect(circle[1]).toBeCloseTo(px(100), 9);
  });
});

describe('content', () => {
  it('misc__text_element reports its text as unplottable', () => {
    const drawing = importSvg(load('misc__text_element.svg'));
    expect(drawing.unplottable).toEqual({ text: 1 });
    expect(drawing.layers).toEqual([]);
  });

  it.each(['misc__empty.svg', 'misc__empty_path.svg'])(
    '%s is an empty drawing, not an error',
    (name) => {
      const drawing = importSvg(load(name));
      expect(drawing.layers).toEqual([]);
      expect(drawing.unplottable).toEqual({});
      expect(countPaths(drawing)).toBe(0);
    },
  );

  it('misc__all_shapes yields each of its seven shapes with its own geometry', () => {
    const paths = importSvg(load('misc__all_shapes.svg')).layers.flatMap((l) => l.paths);
    expect(paths).toHaveLength(7);
    const boxes = paths.map((p) => {
      const xs = p.filter((_, i) => i % 2 === 0);
      const ys = p.filter((_, i) => i % 2 === 1);
      return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].map(
        (n) => n / MM_PER_PX,
      );
    });
    const expected = [
      [10, 160, 90, 240], // circle (50, 200) r 40
      [10, 10, 110, 50], // rect
      [200, 10, 300, 50], // rounded rect
      [150, 170, 250, 230], // ellipse (200, 200) 50 × 30
      [5, 300, 200, 320], // line
      [5, 340, 200, 440], // polygon
      [305, 340, 500, 440], // polyline
    ];
    boxes.forEach((box, i) => {
      box.forEach((value, j) => {
        expect(Math.abs(value - (expected[i]?.[j] ?? Number.NaN))).toBeLessThan(0.05 / MM_PER_PX);
      });
    });
    // line: 2 points; polygon: 4 points closed = 5; polyline: 4 points, open.
    expect(paths.slice(4).map((p) => p.length / 2)).toEqual([2, 5, 4]);
    expect(paths[1]?.length).toBe(10); // square rect: 4 corners + close
    // rounded rect (rx 30, ry 5): its corner point is cut off
    const rounded = paths[2] ?? new Float64Array();
    let nearestCorner = Number.POSITIVE_INFINITY;
    for (let i = 0; i < rounded.length; i += 2) {
      nearestCorner = Math.min(
        nearestCorner,
        Math.hypot((rounded[i] ?? 0) / MM_PER_PX - 200, (rounded[i + 1] ?? 0) / MM_PER_PX - 10),
      );
    }
    expect(nearestCorner).toBeGreaterThan(3);
  });

  it('arc_with_rotate: every arc lies on its transformed circle, with exact endpoints', () => {
    const toleranceMm = 0.05;
    const paths = importSvg(load('arc_with_rotate__arc_with_rotate.svg'), {
      toleranceMm,
    }).layers.flatMap((l) => l.paths);
    // Each group's transform as translate, rotation (deg), uniform scale; the arc is
    // "M12 -12 A12 12 0 0 1 -12 -12": a half circle round (0, -12) through (0, 0).
    const groups: [number, number, number, number][] = [
      [40, 40, 0, 1],
      [80, 40, 36, 1],
      [40, 80, 0, 1],
      [80, 80, 36, 1],
      [40, 120, 0, 1],
      [80, 120, 36, 2],
    ];
    expect(paths).toHaveLength(groups.length);
    groups.forEach(([tx, ty, deg, scale], index) => {
      const path = paths[index] ?? new Float64Array();
      const rad = (deg * Math.PI) / 180;
      const map = (x: number, y: number) => [
        (tx + scale * (Math.cos(rad) * x - Math.sin(rad) * y)) * MM_PER_PX,
        (ty + scale * (Math.sin(rad) * x + Math.cos(rad) * y)) * MM_PER_PX,
      ];
      const [cx = 0, cy = 0] = map(0, -12);
      const radiusMm = 12 * scale * MM_PER_PX;
      const [sx, sy] = map(12, -12);
      const [ex, ey] = map(-12, -12);
      expect(path[0]).toBeCloseTo(sx ?? 0, 9);
      expect(path[1]).toBeCloseTo(sy ?? 0, 9);
      expect(path[path.length - 2]).toBeCloseTo(ex ?? 0, 9);
      expect(path[path.length - 1]).toBeCloseTo(ey ?? 0, 9);
      for (let i = 0; i < path.length; i += 2) {
        expect(
          Math.abs(Math.hypot((path[i] ?? 0) - cx, (path[i + 1] ?? 0) - cy) - radiusMm),
        ).toBeLessThan(1e-9);
      }
      for (let i = 2; i < path.length; i += 2) {
        const mx = ((path[i - 2] ?? 0) + (path[i] ?? 0)) / 2;
        const my = ((path[i - 1] ?? 0) + (path[i + 1] ?? 0)) / 2;
        expect(radiusMm - Math.hypot(mx - cx, my - cy)).toBeLessThanOrEqual(toleranceMm);
      }
      // sweep-flag 1 goes through local (0, 0), below the centre: the point nearest to it is on the arc.
      const [bx = 0, by = 0] = map(0, 0);
      let nearest = Number.POSITIVE_INFINITY;
      for (let i = 0; i < path.length; i += 2) {
        nearest = Math.min(nearest, Math.hypot((path[i] ?? 0) - bx, (path[i + 1] ?? 0) - by));
      }
      expect(nearest).toBeLessThan(radiusMm * 0.2);
    });
  });
});
