import type { Drawing } from '../geometry/drawing.ts';
import { parseCssRules, type CssRule } from './css-rules.ts';
import { documentFrame } from './document-frame.ts';
import { groupLayers } from './group-layers.ts';
import { multiplyMatrices } from './matrix.ts';
import { parseXml } from './parse-xml.ts';
import { SvgImportError, SvgImportErrorCode } from './svg-import-error.ts';
import { MM_PER_PX } from './svg-units.ts';
import { walkSvg } from './walk-svg.ts';
import type { XmlElement } from './xml-element.ts';

export interface ImportSvgOptions {
  /** Maximum distance between a curve and its polyline, in mm after all transforms. */
  toleranceMm?: number;
  /**
   * Hears how far the import has got: `parse` in characters of the text (every 1 M
   * characters), then `shapes` in elements walked of the elements in the document (every
   * 1024 elements), each at its start and end.
   */
  onProgress?: (phase: 'parse' | 'shapes', current: number, total: number) => void;
}

/** 0.05 mm: below a fine pen's line width, so flattening never shows. */
const DEFAULT_TOLERANCE_MM = 0.05;

/**
 * Imports SVG text as a plottable drawing in mm (paper frame, y down). Pure: no DOM, no
 * fetching; runs in browsers, workers and Node. Throws `SvgImportError` for input it refuses;
 * a valid SVG with nothing to plot returns zero layers (callers report that, see
 * `countPaths`). What cannot be plotted (text, images, …) is counted in `unplottable`.
 */
export function importSvg(svgText: string, options: ImportSvgOptions = {}): Drawing {
  const toleranceMm = options.toleranceMm ?? DEFAULT_TOLERANCE_MM;
  if (!(toleranceMm > 0)) {
    throw new RangeError(`toleranceMm must be a positive number, got ${toleranceMm}`);
  }
  const { onProgress } = options;
  const root = parseXml(svgText, onProgress && ((c, t) => onProgress('parse', c, t)));
  const frame = documentFrame(root);
  const rootMatrix = multiplyMatrices([MM_PER_PX, 0, 0, MM_PER_PX, 0, 0], frame.matrix);
  const walked = walkSvg(
    root,
    rootMatrix,
    frame.viewport,
    collectStyleRules(root),
    toleranceMm,
    onProgress && ((c, t) => onProgress('shapes', c, t)),
  );
  const layers = groupLayers(walked);
  let widthMm = frame.widthPx === null ? null : frame.widthPx * MM_PER_PX;
  let heightMm = frame.heightPx === null ? null : frame.heightPx * MM_PER_PX;
  if (widthMm === null || heightMm === null) {
    // No declared size: the page reaches from the origin to the drawing's far edges.
    let maxX = 0;
    let maxY = 0;
    for (const path of walked.paths) {
      for (let i = 0; i < path.polyline.length; i += 2) {
        maxX = Math.max(maxX, path.polyline[i] ?? 0);
        maxY = Math.max(maxY, path.polyline[i + 1] ?? 0);
      }
    }
    widthMm ??= maxX;
    heightMm ??= maxY;
  }
  return { widthMm, heightMm, layers, unplottable: walked.unplottable };
}

/** All `<style>` sheets of the document, in document order, as one rule list. */
function collectStyleRules(root: XmlElement): CssRule[] {
  const rules: CssRule[] = [];
  const visit = (element: XmlElement) => {
    if (element.name === 'style') {
      const type = element.attributes.get('type');
      if (type === undefined || type === '' || type === 'text/css') {
        rules.push(...parseCssRules(element.text, rules.length));
      }
      return;
    }
    for (const child of element.children) visit(child);
  };
  visit(root);
  return rules;
}

export { SvgImportError, SvgImportErrorCode };
