import { useEffect, useRef, useState } from 'preact/hooks';
import { drawStrokes } from '../data/draw-strokes.ts';
import type { PackedDrawing } from '../data/svg-worker-protocol.ts';

const PEN_UP = '#2563eb';
const PEN_DOWN = '#dc2626';

/**
 * The plan's strokes with the pen drawn where the carriage stands (a ring when up, a dot
 * when down). The strokes sit on one canvas, drawn when the size changes; the pen on a
 * second canvas above it, redrawn on every position, so a dense drawing is not repainted
 * several times a second.
 */
export function PlotProgressCanvas(props: {
  drawing: PackedDrawing;
  position: { xMm: number; yMm: number } | null;
  penDown: boolean | null;
  label: string;
}) {
  const { drawing, position, penDown } = props;
  const frame = useRef<HTMLDivElement>(null);
  const base = useRef<HTMLCanvasElement>(null);
  const pen = useRef<HTMLCanvasElement>(null);
  const [widthPx, setWidthPx] = useState(0);
  const heightPx = Math.min(
    560,
    Math.round((widthPx * drawing.heightMm) / Math.max(drawing.widthMm, 1e-6)),
  );

  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setWidthPx(element.clientWidth));
    observer.observe(element);
    setWidthPx(element.clientWidth);
    return () => observer.disconnect();
  }, []);

  const ratio = () => base.current?.ownerDocument.defaultView?.devicePixelRatio ?? 1;
  const prepare = (canvas: HTMLCanvasElement | null) => {
    if (!canvas || widthPx === 0) return null;
    const r = ratio();
    canvas.width = Math.round(widthPx * r);
    canvas.height = Math.round(heightPx * r);
    const ctx = canvas.getContext('2d');
    ctx?.setTransform(r, 0, 0, r, 0, 0);
    return ctx;
  };

  useEffect(() => {
    const ctx = prepare(base.current);
    if (ctx) drawStrokes(ctx, drawing, widthPx, heightPx);
  }, [drawing, widthPx, heightPx]);

  useEffect(() => {
    const ctx = prepare(pen.current);
    if (!ctx || !position) return;
    // The same placement as drawStrokes: the paper scaled to fit and centred.
    const w = Math.max(drawing.widthMm, 1e-6);
    const h = Math.max(drawing.heightMm, 1e-6);
    const scale = Math.min((widthPx - 2) / w, (heightPx - 2) / h);
    const x = (widthPx - w * scale) / 2 + position.xMm * scale;
    const y = (heightPx - h * scale) / 2 + position.yMm * scale;
    ctx.beginPath();
    ctx.arc(x, y, 6, 0, 2 * Math.PI);
    if (penDown) {
      ctx.fillStyle = PEN_DOWN;
      ctx.fill();
    } else {
      ctx.strokeStyle = PEN_UP;
      ctx.lineWidth = 2.5;
      ctx.stroke();
    }
  }, [position?.xMm, position?.yMm, penDown, widthPx, heightPx, drawing]);

  const size = { width: `${widthPx}px`, height: `${heightPx}px` };
  return (
    <div ref={frame} class="plot-canvas" style={{ height: `${heightPx}px` }}>
      <canvas ref={base} role="img" aria-label={props.label} style={size} />
      <canvas
        ref={pen}
        data-testid="plot-pen"
        data-x-mm={position ? position.xMm.toFixed(1) : ''}
        data-y-mm={position ? position.yMm.toFixed(1) : ''}
        style={size}
      />
    </div>
  );
}
