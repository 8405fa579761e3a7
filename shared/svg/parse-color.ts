import colorNames from 'color-name';

const HEX = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const RGB_FUNCTION = /^rgba?\(\s*([^)]*)\)$/i;

/**
 * Parses a CSS colour into `#rrggbb` (alpha dropped: a pen has one colour). Handles hex forms,
 * `rgb()`/`rgba()` with numbers or percentages and the CSS named colours (from `color-name`).
 * Returns null for anything else (`hsl()`, system colours), which callers treat as
 * "painted, colour unknown".
 */
export function parseColor(text: string): string | null {
  const value = text.trim().toLowerCase();
  const hex = HEX.exec(value)?.[1];
  if (hex !== undefined) {
    const digits =
      hex.length <= 4
        ? [...hex.slice(0, 3)].map((digit) => digit + digit).join('')
        : hex.slice(0, 6);
    return `#${digits}`;
  }
  const args = RGB_FUNCTION.exec(value)?.[1];
  if (args !== undefined) {
    const channels = args
      .split(/[\s,/]+/)
      .slice(0, 3)
      .map((part) => (part.endsWith('%') ? (Number.parseFloat(part) * 255) / 100 : Number(part)));
    if (channels.length !== 3 || channels.some((n) => !Number.isFinite(n))) return null;
    return toHex(channels);
  }
  const named = (colorNames as Record<string, readonly number[] | undefined>)[value];
  return named === undefined ? null : toHex(named);
}

function toHex(channels: readonly number[]): string {
  return `#${channels
    .map((n) =>
      Math.round(Math.min(255, Math.max(0, n)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}
