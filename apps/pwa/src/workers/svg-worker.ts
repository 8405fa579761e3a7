/// <reference lib="webworker" />
import type { Drawing } from '@fabdesk/shared/geometry/drawing.ts';
import { countPaths } from '@fabdesk/shared/svg/count-paths.ts';
import { importSvg, SvgImportError } from '@fabdesk/shared/svg/import-svg.ts';
import type {
  PackedDrawing,
  SvgWorkerRequest,
  SvgWorkerResponse,
} from '../data/svg-worker-protocol.ts';

// The SVG worker: imports a picked or downloaded SVG with the shared importer (the same code
// the server's conversion runs) and answers one message per request.
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<SvgWorkerRequest>) => {
  const request = event.data;
  const answer = (response: SvgWorkerResponse, transfer: Transferable[] = []) =>
    scope.postMessage(response, transfer);
  let drawing: Drawing;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(request.bytes);
    // The check only needs to know the file imports; a coarse tolerance keeps it quick.
    drawing = importSvg(text, { toleranceMm: request.kind === 'check' ? 0.5 : 0.1 });
  } catch (error) {
    answer({ ok: false, message: problemOf(request.name, error) });
    return;
  }
  if (request.kind === 'check') {
    const pathCount = countPaths(drawing);
    if (pathCount === 0) {
      answer({
        ok: false,
        message: `${request.name} has nothing to plot (no visible strokes${describe(drawing.unplottable)}).`,
      });
      return;
    }
    answer({
      ok: true,
      kind: 'check',
      summary: {
        widthMm: drawing.widthMm,
        heightMm: drawing.heightMm,
        layerCount: drawing.layers.filter((l) => !l.options.skip).length,
        pathCount,
        unplottable: drawing.unplottable,
      },
    });
    return;
  }
  const packed = pack(drawing);
  answer(
    { ok: true, kind: 'geometry', drawing: packed },
    packed.layers.flatMap((l) => [l.points.buffer, l.starts.buffer]),
  );
};

function pack(drawing: Drawing): PackedDrawing {
  return {
    widthMm: drawing.widthMm,
    heightMm: drawing.heightMm,
    layers: drawing.layers
      .filter((l) => !l.options.skip)
      .map((layer) => {
        let total = 0;
        for (const p of layer.paths) total += p.length;
        const points = new Float64Array(total);
        const starts = new Uint32Array(layer.paths.length);
        let at = 0;
        layer.paths.forEach((p, i) => {
          starts[i] = at;
          points.set(p, at);
          at += p.length;
        });
        return { color: layer.color, points, starts };
      }),
  };
}

function problemOf(name: string, error: unknown): string {
  if (error instanceof TypeError) return `${name} is not UTF-8 text, so not an SVG file.`;
  if (error instanceof SvgImportError) {
    if (error.code === 'not-svg') return `${name} is not an SVG file: ${error.message}.`;
    if (error.code === 'too-large') return `${name} is too large to plot: ${error.message}.`;
    return `${name} could not be read as SVG: ${error.message}.`;
  }
  return `${name} could not be read: ${error instanceof Error ? error.message : String(error)}.`;
}

function describe(unplottable: Record<string, number>): string {
  const parts = Object.entries(unplottable).map(([name, n]) => `${n} ${name}`);
  return parts.length ? `; only ${parts.join(', ')}, which cannot be plotted` : '';
}
