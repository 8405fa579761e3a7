/**
 * Messages between the page and the SVG worker (workers/svg-worker.ts). The worker runs
 * the shared importer off the main thread: a big drawing never freezes the screen, and
 * the uploaded markup is only ever parsed as data, never put into the page.
 */
export type SvgWorkerRequest =
  /** Is this really an SVG we can plot? Answers a summary or the problem in words. */
  | { kind: 'check'; name: string; bytes: ArrayBuffer }
  /** The drawing's strokes, for a preview before the server's plan exists. */
  | { kind: 'geometry'; name: string; bytes: ArrayBuffer };

/** What a successful check found. */
export interface SvgCheckSummary {
  widthMm: number;
  heightMm: number;
  layerCount: number;
  pathCount: number;
  /** Elements that cannot be plotted, by name and count (text, image, …). */
  unplottable: Record<string, number>;
}

/**
 * One layer's strokes, packed for transfer: `points` holds every stroke's x,y pairs in mm
 * one after another, and stroke i spans numbers `starts[i]` to `starts[i+1]` (the last one
 * to the end).
 */
export interface PackedLayer {
  color: string | null;
  points: Float64Array;
  starts: Uint32Array;
}

export interface PackedDrawing {
  widthMm: number;
  heightMm: number;
  layers: PackedLayer[];
}

export type SvgWorkerResponse =
  | { ok: true; kind: 'check'; summary: SvgCheckSummary }
  | { ok: true; kind: 'geometry'; drawing: PackedDrawing }
  | { ok: false; message: string };
