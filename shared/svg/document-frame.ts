import { identityMatrix, type Matrix } from './matrix.ts';
import { parseLength } from './parse-length.ts';
import type { ViewportSize } from './shape-segments.ts';
import { parseViewBox, viewBoxMatrix } from './viewbox-matrix.ts';
import type { XmlElement } from './xml-element.ts';

/** The root viewport: the page size in CSS px (null when the file does not say) and user → px. */
export interface DocumentFrame {
  widthPx: number | null;
  heightPx: number | null;
  /** Maps root user units to CSS px (viewBox and preserveAspectRatio applied). */
  matrix: Matrix;
  /** The root viewport in user units, which percentages inside the drawing refer to. */
  viewport: ViewportSize;
}

/**
 * Sizes the page from the root `<svg>`'s width, height and viewBox, as a renderer that shows the
 * file on its own (Inkscape, rsvg-convert, a browser opening the file) does:
 * - absolute width and height (any unit; unitless = px at 96/in) are the page size, and a viewBox
 *   is fitted into it per preserveAspectRatio (default xMidYMid meet);
 * - a missing or percentage dimension has nothing to be a percentage of, so like Inkscape it is
 *   treated as absent: it comes from the viewBox's aspect ratio and the other dimension, or with
 *   neither dimension from the viewBox itself, one user unit per px;
 * - with no viewBox either, the size is unknown (null): the caller uses the drawing's extent,
 *   rather than a browser's 300×150 px default box that would clip the drawing.
 */
export function documentFrame(root: XmlElement): DocumentFrame {
  const absolute = (name: string): number | null => {
    const length = parseLength(root.attributes.get(name));
    return length !== null && 'px' in length && length.px > 0 ? length.px : null;
  };
  let widthPx = absolute('width');
  let heightPx = absolute('height');
  const viewBox = parseViewBox(root.attributes.get('viewBox'));
  if (viewBox === null) {
    return {
      widthPx,
      heightPx,
      matrix: identityMatrix,
      viewport: { width: widthPx ?? 300, height: heightPx ?? 150 },
    };
  }
  if (widthPx === null && heightPx === null) {
    widthPx = viewBox.width;
    heightPx = viewBox.height;
  } else if (widthPx === null && heightPx !== null) {
    widthPx = (heightPx * viewBox.width) / viewBox.height;
  } else if (heightPx === null && widthPx !== null) {
    heightPx = (widthPx * viewBox.height) / viewBox.width;
  }
  const width = widthPx ?? viewBox.width;
  const height = heightPx ?? viewBox.height;
  return {
    widthPx: width,
    heightPx: height,
    matrix: viewBoxMatrix(viewBox, width, height, root.attributes.get('preserveAspectRatio')),
    viewport: { width: viewBox.width, height: viewBox.height },
  };
}
