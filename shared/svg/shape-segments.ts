import { parseLength } from './parse-length.ts';
import { parsePathData } from './parse-path-data.ts';
import { parsePoints } from './parse-points.ts';
import type { PathSegment } from './path-segment.ts';
import { rectSegments } from './rect-segments.ts';
import { SvgImportError, SvgImportErrorCode } from './svg-import-error.ts';
import type { XmlElement } from './xml-element.ts';

/** The size of the nearest viewport in user units, which percentages refer to. */
export interface ViewportSize {
  width: number;
  height: number;
}

const SHAPES = new Set(['path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon']);

/**
 * The geometry of one shape element as absolute path segments in its user space, or null when
 * the element is not a shape. Lengths may carry units or percentages (of the viewport's width,
 * height, or for radii its normalised diagonal, SVG 1.1 §7.10). Invalid `d` or `points` data
 * throws `bad-path-data` naming the element by id (or its position) and the bad text.
 */
export function shapeSegments(
  element: XmlElement,
  viewport: ViewportSize,
  elementLabel: string,
): PathSegment[] | null {
  if (!SHAPES.has(element.name)) return null;
  const attrs = element.attributes;
  const diagonal = Math.hypot(viewport.width, viewport.height) / Math.SQRT2;
  const len = (name: string, reference: number): number | null => {
    const length = parseLength(attrs.get(name));
    if (length === null) return null;
    return 'px' in length ? length.px : (length.percent / 100) * reference;
  };
  const x = (name: string) => len(name, viewport.width) ?? 0;
  const y = (name: string) => len(name, viewport.height) ?? 0;
  switch (element.name) {
    case 'path': {
      const d = attrs.get('d') ?? '';
      const parsed = parsePathData(d);
      if ('error' in parsed) throw badData(elementLabel, 'd', d, parsed.error);
      return parsed;
    }
    case 'rect':
      return rectSegments(
        x('x'),
        y('y'),
        x('width'),
        y('height'),
        len('rx', viewport.width),
        len('ry', viewport.height),
      );
    case 'circle': {
      const r = len('r', diagonal) ?? 0;
      return ellipseSegments(x('cx'), y('cy'), r, r);
    }
    case 'ellipse': {
      // SVG 2: an `auto` (missing) radius takes the other one's value.
      const rx = len('rx', viewport.width);
      const ry = len('ry', viewport.height);
      return ellipseSegments(x('cx'), y('cy'), rx ?? ry ?? 0, ry ?? rx ?? 0);
    }
    case 'line':
      return [
        ['M', x('x1'), y('y1')],
        ['L', x('x2'), y('y2')],
      ];
    default: {
      const text = attrs.get('points') ?? '';
      const points = parsePoints(text);
      if ('error' in points) throw badData(elementLabel, 'points', text, points.error);
      const segments: PathSegment[] = [];
      for (let i = 0; i + 1 < points.length; i += 2) {
        segments.push([i === 0 ? 'M' : 'L', points[i] ?? 0, points[i + 1] ?? 0]);
      }
      if (element.name === 'polygon' && segments.length > 0) segments.push(['Z']);
      return segments;
    }
  }
}

function ellipseSegments(cx: number, cy: number, rx: number, ry: number): PathSegment[] {
  if (!(rx > 0 && ry > 0)) return [];
  return [
    ['M', cx + rx, cy],
    ['A', rx, ry, 0, 0, 1, cx - rx, cy],
    ['A', rx, ry, 0, 0, 1, cx + rx, cy],
    ['Z'],
  ];
}

function badData(label: string, attribute: string, text: string, reason: string): SvgImportError {
  const excerpt = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return new SvgImportError(
    SvgImportErrorCode.badPathData,
    `expected valid ${attribute} data on ${label}, got ${JSON.stringify(excerpt)} (${reason})`,
  );
}
