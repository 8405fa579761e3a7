/**
 * The geometry contract between SVG import, optimisation, planning and the previews.
 * All coordinates are millimetres in the paper's frame: origin top-left, x to the right,
 * y downwards (the plotter's home corner is the origin).
 */

/** A pen-down stroke: flat `[x0, y0, x1, y1, …]` in mm, at least two points. */
export type Polyline = Float64Array;

/** Per-layer plot options, from AxiDraw-style layer names (`!`, `%`, `+d`, `+h`, `+s`). */
export interface LayerOptions {
  /** `!` prefix: pause (pen up) before plotting this layer. */
  pauseBefore: boolean;
  /** `%` prefix: documentation layer, never plotted. */
  skip: boolean;
  /** `+d<ms>`: extra delay after each pen-down, in ms. */
  penDownDelayMs?: number;
  /** `+h<percent>`: pen-down height 0–100. */
  penDownHeightPercent?: number;
  /** `+s<percent>`: pen-down speed 1–100 (percent of the profile's maximum). */
  speedPercent?: number;
}

/** One layer of a drawing: the strokes drawn with one pen, in plotting order. */
export interface DrawingLayer {
  /** Stable key within the drawing (e.g. the Inkscape layer id or the stroke colour). */
  key: string;
  /** Human-readable name (the Inkscape label without its AxiDraw prefix, or the colour). */
  name: string;
  /** Plot order; lower first. AxiDraw names give it by their leading number. */
  order: number;
  /** The stroke colour most paths of this layer use, as `#rrggbb`, or null if unknown. */
  color: string | null;
  options: LayerOptions;
  paths: Polyline[];
}

/** What an import produced: the drawing's size, its layers and what it could not plot. */
export interface Drawing {
  widthMm: number;
  heightMm: number;
  layers: DrawingLayer[];
  /** Elements that cannot be plotted, by element name (`text`, `image`, …) and count. */
  unplottable: Record<string, number>;
}
