import type { SvgCheckSummary } from './svg-worker-protocol.ts';

/** A file picked on the New job screen and what the device found when it checked it. */
export type PickedSvg =
  | { key: string; name: string; sizeBytes: number; status: 'checking' }
  | { key: string; name: string; sizeBytes: number; status: 'bad'; problem: string }
  | {
      key: string;
      name: string;
      sizeBytes: number;
      status: 'ok';
      bytes: Uint8Array;
      summary: SvgCheckSummary;
    };

/** "3 layers, 120 strokes, 297 × 210 mm; not plotted: 2 text". */
export function describeSummary(s: SvgCheckSummary): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const size = `${Math.round(s.widthMm)} × ${Math.round(s.heightMm)} mm`;
  const left = Object.entries(s.unplottable).map(([name, n]) => `${n} ${name}`);
  return `${plural(s.layerCount, 'layer')}, ${plural(s.pathCount, 'stroke')}, ${size}${left.length ? `; not plotted: ${left.join(', ')}` : ''}`;
}
