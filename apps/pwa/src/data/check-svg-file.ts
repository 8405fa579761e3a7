import { sniffNonSvg } from '@fabdesk/shared/svg/sniff-non-svg.ts';

/** The server's default `FABDESK_MAX_UPLOAD_BYTES`; the device refuses bigger files itself. */
export const DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** What the device knows about a picked file before reading it as SVG. */
export interface PickedFile {
  name: string;
  /** The browser's guess from the extension; often empty. */
  type: string;
  sizeBytes: number;
  /** The first bytes of the file (16 are enough for every signature). */
  head: Uint8Array;
}

/**
 * The cheap checks on a picked file, in words a lab assistant can act on, or null when it
 * may be SVG (the worker then imports it to be sure). Order: size first (a 200 MB file is
 * never read), then what the name says, then what the bytes say.
 */
export function checkSvgFile(file: PickedFile, maxBytes = DEFAULT_MAX_UPLOAD_BYTES): string | null {
  if (file.sizeBytes > maxBytes)
    return `${file.name} is ${formatMegabytes(file.sizeBytes)}; the limit is ${formatMegabytes(maxBytes)}.`;
  if (file.sizeBytes === 0) return `${file.name} is empty.`;
  const svgName = /\.svg$/i.test(file.name);
  const svgType = file.type === '' || file.type === 'image/svg+xml';
  if (!svgName || !svgType)
    return `${file.name} is not an SVG file (expected a name ending in .svg${file.type && !svgType ? `, got ${file.type}` : ''}).`;
  const what = sniffNonSvg(file.head);
  if (what) return `${file.name} is ${what} renamed to .svg, not an SVG file.`;
  return null;
}

function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 ? Math.round(mb) : mb.toFixed(1)} MB`;
}
