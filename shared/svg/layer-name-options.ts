import type { LayerOptions } from '../geometry/drawing.ts';

/** What an AxiDraw-style layer name says: its number, its plain name and its plot options. */
export interface LayerNameOptions {
  /** The leading layer number (`2` of "2 red"), which orders layers; null without one. */
  number: number | null;
  /** The name without prefix, number and `+` codes; the whole label if nothing else remains. */
  name: string;
  options: LayerOptions;
}

const CODE = /\+([dhs])\s*(\d+)/gi;

/**
 * Reads an Inkscape layer label the way AxiDraw users write them: optional `%` (documentation
 * layer, not plotted) and `!` (pause before the layer) prefixes, an optional leading number,
 * then a name with `+d<ms>` (pen-down delay), `+h<0–100>` (pen-down height) and `+s<1–100>`
 * (speed) codes anywhere, case-insensitive. Out-of-range percentages are clamped, so a typo
 * never turns into a pen driven past its range.
 */
export function layerNameOptions(label: string): LayerNameOptions {
  let rest = label.trim();
  const options: LayerOptions = { pauseBefore: false, skip: false };
  for (;;) {
    if (rest.startsWith('%')) options.skip = true;
    else if (rest.startsWith('!')) options.pauseBefore = true;
    else break;
    rest = rest.slice(1).trimStart();
  }
  const leading = /^\d+/.exec(rest);
  const number = leading === null ? null : Number(leading[0]);
  if (leading !== null) rest = rest.slice(leading[0].length);
  for (const match of rest.matchAll(CODE)) {
    const value = Number(match[2]);
    switch ((match[1] ?? '').toLowerCase()) {
      case 'd':
        options.penDownDelayMs = value;
        break;
      case 'h':
        options.penDownHeightPercent = Math.min(100, value);
        break;
      default:
        options.speedPercent = Math.min(100, Math.max(1, value));
    }
  }
  const name = rest.replace(CODE, '').replace(/\s+/g, ' ').trim();
  return { number, name: name === '' ? label.trim() : name, options };
}
