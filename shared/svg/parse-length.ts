import { PX_PER_UNIT } from './svg-units.ts';

const LENGTH = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([a-zA-Z]*|%)\s*$/;

/** A parsed SVG length: user units (CSS px) or a percentage still to be resolved. */
export type Length = { px: number } | { percent: number };

/**
 * Parses an SVG length (`12`, `10.5mm`, `2in`, `50%`) into CSS pixels. Returns null for a missing
 * or invalid value, which SVG treats as if the attribute were absent.
 */
export function parseLength(text: string | undefined): Length | null {
  if (text === undefined) return null;
  const match = LENGTH.exec(text);
  if (match === null) return null;
  const value = Number(match[1]);
  const unit = (match[2] ?? '').toLowerCase();
  if (!Number.isFinite(value)) return null;
  if (unit === '%') return { percent: value };
  const scale = PX_PER_UNIT[unit];
  return scale === undefined ? null : { px: value * scale };
}
