import type { Polyline } from '../geometry/drawing.ts';
import { PROGRESS_MASK, type ProgressCallback } from '../progress/progress-callback.ts';
import type { CssRule } from './css-rules.ts';
import { flattenSegments } from './flatten-segments.ts';
import { type Matrix, multiplyMatrices } from './matrix.ts';
import { initialPaintStyle, type PaintStyle, paintStyle } from './paint-style.ts';
import { parseLength } from './parse-length.ts';
import { parseTransform } from './parse-transform.ts';
import { type ViewportSize, shapeSegments } from './shape-segments.ts';
import { SvgImportError, SvgImportErrorCode } from './svg-import-error.ts';
import { parseViewBox, viewBoxMatrix } from './viewbox-matrix.ts';
import type { XmlElement } from './xml-element.ts';

/** A top-level Inkscape layer (`<g inkscape:groupmode="layer">`), in document order. */
export interface LayerSlot {
  id: string;
  label: string;
  index: number;
}

/** One flattened stroke with what decides its layer. */
export interface WalkedPath {
  polyline: Polyline;
  /** Stroke colour, or the fill colour of a fill-only shape; null if unknown (gradient). */
  color: string | null;
  /** The Inkscape layer it sits in; null outside layers. */
  layer: LayerSlot | null;
}

export interface WalkResult {
  paths: WalkedPath[];
  layers: LayerSlot[];
  unplottable: Record<string, number>;
}

interface Context {
  matrix: Matrix;
  style: PaintStyle;
  viewport: ViewportSize;
  layer: LayerSlot | null;
  /** `<use>` elements being expanded, to stop reference cycles. */
  uses: readonly XmlElement[];
}

/** Elements a pen cannot draw from: reported by name, never silently dropped. */
const UNPLOTTABLE = new Set([
  'text',
  'image',
  'foreignObject',
  'video',
  'audio',
  'canvas',
  'iframe',
]);
/** Containers rendered only by reference (or never, for `defs`): not walked directly. */
const NOT_RENDERED = new Set([
  'defs',
  'symbol',
  'clipPath',
  'mask',
  'pattern',
  'marker',
  'linearGradient',
  'radialGradient',
  'filter',
  'style',
  'script',
  'title',
  'desc',
  'metadata',
]);
/** Their shapes shape or decorate others (clipping, masking, fills, markers): reported. */
const EFFECT_CONTAINERS = new Set(['clipPath', 'mask', 'pattern', 'marker']);
const MAX_USE_DEPTH = 32;
/** 20 million points (320 MB as Float64Array) is far beyond a plottable job. */
const MAX_POINTS = 20_000_000;

/**
 * Walks the rendered tree from the root `<svg>` the way a renderer paints it: accumulating
 * transforms into `rootMatrix` (user units → mm), cascading paint styles, expanding `<use>`,
 * skipping `display:none` subtrees and hidden (`visibility`) shapes, and flattening every
 * visible shape. Shapes with a stroke plot their stroke; fill-only shapes plot their outline,
 * because a plotter user expects a filled shape to appear, and its outline is what a pen can draw.
 * Shapes with neither stroke nor fill are invisible in any renderer and are skipped.
 * `onProgress` hears (elements walked, elements in the document) every 1024 elements and at
 * the end; approximate, since hidden subtrees are skipped and `<use>` walks some twice.
 */
export function walkSvg(
  root: XmlElement,
  rootMatrix: Matrix,
  viewport: ViewportSize,
  rules: CssRule[],
  toleranceMm: number,
  onProgress?: ProgressCallback,
): WalkResult {
  const ids = new Map<string, XmlElement>();
  const unplottable: Record<string, number> = {};
  const count = (name: string) => {
    unplottable[name] = (unplottable[name] ?? 0) + 1;
  };
  const elementCount = indexTree(root, ids, count);
  let walked = 0;
  onProgress?.(0, elementCount);
  const paths: WalkedPath[] = [];
  const layers: LayerSlot[] = [];
  let points = 0;
  let shapeIndex = 0;

  const visit = (element: XmlElement, parent: Context): void => {
    if (onProgress && (++walked & PROGRESS_MASK) === 0)
      onProgress(Math.min(walked, elementCount), elementCount);
    const style = paintStyle(parent.style, element, rules);
    if (style.displayNone) return;
    const transformed = multiplyMatrices(
      parent.matrix,
      parseTransform(element.attributes.get('transform')),
    );
    const context: Context = { ...parent, style, matrix: transformed };
    const name = element.name;
    if (UNPLOTTABLE.has(name)) {
      if (style.visible) count(name);
      return;
    }
    if (NOT_RENDERED.has(name)) return;
    if (name === 'g' || name === 'a' || name === 'switch') {
      let layer = parent.layer;
      if (
        layer === null &&
        name === 'g' &&
        element.attributes.get('inkscape:groupmode') === 'layer'
      ) {
        const id = element.attributes.get('id') ?? `layer-${layers.length + 1}`;
        layer = { id, label: element.attributes.get('inkscape:label') ?? id, index: layers.length };
        layers.push(layer);
      }
      // `switch` renders its first direct child; conditional attributes are not evaluated.
      const children = name === 'switch' ? element.children.slice(0, 1) : element.children;
      for (const child of children) visit(child, { ...context, layer });
      return;
    }
    if (name === 'svg') {
      visitViewport(element, element, context);
      return;
    }
    if (name === 'use') {
      visitUse(element, context);
      return;
    }
    shapeIndex += 1;
    const id = element.attributes.get('id');
    const label =
      id === undefined
        ? `<${name}> (shape ${shapeIndex} in document order)`
        : `<${name} id="${id}">`;
    const segments = shapeSegments(element, context.viewport, label);
    if (segments === null || !style.visible) return;
    const paint = style.stroke !== 'none' ? style.stroke : style.fill;
    if (paint === 'none') return;
    for (const polyline of flattenSegments(segments, context.matrix, toleranceMm)) {
      points += polyline.length / 2;
      if (points > MAX_POINTS) {
        throw new SvgImportError(
          SvgImportErrorCode.tooLarge,
          `expected at most ${MAX_POINTS} points after flattening at ${toleranceMm} mm, got more`,
        );
      }
      paths.push({ polyline, color: paint.color, layer: context.layer });
    }
  };

  /** A nested `<svg>`, or a `<symbol>` instanced by `<use>`: a new viewport (SVG 1.1 §7.9). */
  const visitViewport = (element: XmlElement, sizeFrom: XmlElement, context: Context): void => {
    const len = (name: string, reference: number, fallback: number) => {
      const length = parseLength(sizeFrom.attributes.get(name));
      if (length === null) return fallback;
      return 'px' in length ? length.px : (length.percent / 100) * reference;
    };
    const width = len('width', context.viewport.width, context.viewport.width);
    const height = len('height', context.viewport.height, context.viewport.height);
    const x = element.name === 'svg' ? len('x', context.viewport.width, 0) : 0;
    const y = element.name === 'svg' ? len('y', context.viewport.height, 0) : 0;
    const viewBox = parseViewBox(element.attributes.get('viewBox'));
    let matrix = multiplyMatrices(context.matrix, [1, 0, 0, 1, x, y]);
    let viewport = { width, height };
    if (viewBox !== null) {
      const par = element.attributes.get('preserveAspectRatio');
      matrix = multiplyMatrices(matrix, viewBoxMatrix(viewBox, width, height, par));
      viewport = { width: viewBox.width, height: viewBox.height };
    }
    for (const child of element.children) visit(child, { ...context, matrix, viewport });
  };

  const visitUse = (use: XmlElement, context: Context): void => {
    const href = use.attributes.get('href') ?? use.attributes.get('xlink:href') ?? '';
    const target = href.startsWith('#') ? ids.get(href.slice(1)) : undefined;
    if (
      target === undefined ||
      context.uses.includes(use) ||
      context.uses.length >= MAX_USE_DEPTH
    ) {
      return;
    }
    const x = parseLength(use.attributes.get('x'));
    const y = parseLength(use.attributes.get('y'));
    const dx = x !== null && 'px' in x ? x.px : 0;
    const dy = y !== null && 'px' in y ? y.px : 0;
    const inner: Context = {
      ...context,
      matrix: multiplyMatrices(context.matrix, [1, 0, 0, 1, dx, dy]),
      uses: [...context.uses, use],
    };
    if (target.name === 'symbol') {
      const style = paintStyle(context.style, target, rules);
      if (!style.displayNone) visitViewport(target, use, { ...inner, style });
      return;
    }
    visit(target, inner);
  };

  const rootStyle: Context = {
    matrix: rootMatrix,
    style: paintStyle(initialPaintStyle, root, rules),
    viewport,
    layer: null,
    uses: [],
  };
  if (!rootStyle.style.displayNone) {
    const matrix = multiplyMatrices(rootMatrix, parseTransform(root.attributes.get('transform')));
    for (const child of root.children) visit(child, { ...rootStyle, matrix });
  }
  onProgress?.(elementCount, elementCount);
  return { paths, layers, unplottable };
}

/**
 * Collects ids for `<use>` and counts effect containers that hold drawable content; returns
 * the number of elements below `element` (the walk's progress total).
 */
function indexTree(
  element: XmlElement,
  ids: Map<string, XmlElement>,
  count: (name: string) => void,
): number {
  const id = element.attributes.get('id');
  if (id !== undefined && !ids.has(id)) ids.set(id, element);
  if (EFFECT_CONTAINERS.has(element.name) && element.children.length > 0) count(element.name);
  let below = 0;
  for (const child of element.children) below += 1 + indexTree(child, ids, count);
  return below;
}
