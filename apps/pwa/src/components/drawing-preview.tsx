import type { Job } from '@fabdesk/shared/models/job.ts';
import type { Run } from '@fabdesk/shared/models/run.ts';
import { useEffect, useRef, useState } from 'preact/hooks';
import { drawStrokes } from '../data/draw-strokes.ts';
import { importSvgInWorker } from '../data/svg-worker-client.ts';
import type { PackedDrawing } from '../data/svg-worker-protocol.ts';
import { useServices, useSignedIn } from '../hooks/use-services.ts';

type Shown =
  | { status: 'loading' }
  | { status: 'none' }
  | { status: 'error'; message: string }
  | { status: 'ready'; drawing: PackedDrawing; from: 'plan' | 'source' };

/** The paper the conversion planned for (its run's settings), or null before one ran. */
function plannedPaper(runs: readonly Run[], planHash: string) {
  const run = runs.find((r) => r.kind === 'conversion' && r.output === planHash);
  const settings = run?.config.settings as { paperWidthMm?: unknown; paperHeightMm?: unknown };
  const widthMm = settings?.paperWidthMm;
  const heightMm = settings?.paperHeightMm;
  return typeof widthMm === 'number' && typeof heightMm === 'number' ? { widthMm, heightMm } : null;
}

/**
 * The job's drawing as the plotter will draw it: the plan's pen-down strokes on the paper,
 * per layer in its colour. Before a plan exists, the source file's geometry (imported in
 * the SVG worker). Blobs are fetched once and kept in the device's cache, so a job seen
 * once previews offline. Drawn on a canvas from numbers: uploaded markup never reaches
 * the page.
 */
export function DrawingPreview(props: { job: Job; runs: readonly Run[] }) {
  const { files } = useServices();
  const { session } = useSignedIn();
  const { job } = props;
  const source = job.sourceFiles[0];
  const paper = job.planHash ? plannedPaper(props.runs, job.planHash) : null;
  const paperKey = paper ? `${paper.widthMm}x${paper.heightMm}` : '';
  const [shown, setShown] = useState<Shown>({ status: 'loading' });
  const canvas = useRef<HTMLCanvasElement>(null);
  const [widthPx, setWidthPx] = useState(0);

  useEffect(() => {
    let live = true;
    const load = async (): Promise<Shown> => {
      if (job.planHash) {
        const bytes = await files.blob(session, job.planHash);
        const { planStrokes, paperAround } = await import('../data/plan-strokes.ts');
        const drawing = planStrokes(bytes, paper ?? { widthMm: 0, heightMm: 0 });
        return { status: 'ready', from: 'plan', drawing: paper ? drawing : paperAround(drawing) };
      }
      if (source) {
        const bytes = await files.blob(session, source.blobHash);
        const drawing = await importSvgInWorker(
          files.startSvgWorker,
          source.originalName,
          bytes.slice().buffer,
        );
        return { status: 'ready', from: 'source', drawing };
      }
      return { status: 'none' };
    };
    setShown({ status: 'loading' });
    load().then(
      (next) => live && setShown(next),
      (error) =>
        live &&
        setShown({
          status: 'error',
          message: error instanceof Error ? error.message : 'The preview could not be made.',
        }),
    );
    return () => {
      live = false;
    };
  }, [job.planHash, source?.blobHash, paperKey, files, session]);

  // Follow the card's width; the height keeps the paper's proportions.
  useEffect(() => {
    const element = canvas.current?.parentElement;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidthPx(element.clientWidth));
    observer.observe(element);
    setWidthPx(element.clientWidth);
    return () => observer.disconnect();
  }, [shown.status]);

  const drawing = shown.status === 'ready' ? shown.drawing : null;
  const heightPx = drawing
    ? Math.min(640, Math.round((widthPx * drawing.heightMm) / Math.max(drawing.widthMm, 1e-6)))
    : 0;
  useEffect(() => {
    const element = canvas.current;
    if (!element || !drawing || widthPx === 0) return;
    const ratio = element.ownerDocument.defaultView?.devicePixelRatio ?? 1;
    element.width = Math.round(widthPx * ratio);
    element.height = Math.round(heightPx * ratio);
    const ctx = element.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawStrokes(ctx, drawing, widthPx, heightPx);
  }, [drawing, widthPx, heightPx]);

  if (shown.status === 'none')
    return <p class="hint">No drawing: this job was created without a file.</p>;
  if (shown.status === 'error')
    return (
      <p class="form-error" data-testid="preview-error">
        {shown.message}
      </p>
    );
  if (shown.status === 'loading')
    return (
      <div class="preview-frame" aria-busy="true">
        <p class="hint">Loading the drawing…</p>
      </div>
    );
  const layers = shown.drawing.layers.length;
  const what =
    shown.from === 'plan'
      ? `The plan on ${Math.round(shown.drawing.widthMm)} × ${Math.round(shown.drawing.heightMm)} mm paper, ${layers} layer${layers === 1 ? '' : 's'}`
      : `The source file, ${layers} layer${layers === 1 ? '' : 's'}, before conversion`;
  return (
    <figure class="preview-frame">
      <canvas
        ref={canvas}
        data-testid="drawing-preview"
        data-from={shown.from}
        role="img"
        aria-label={what}
        style={{ width: `${widthPx}px`, height: `${heightPx}px` }}
      />
      <figcaption class="hint">{what}.</figcaption>
    </figure>
  );
}
