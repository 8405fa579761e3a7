// Shared by the device (checks a picked file before keeping it) and the server (checks an
// upload before storing it), so both refuse the same files with the same words.
// Magic numbers of the files people most often upload by mistake (an export in the wrong
// format, a renamed file): the start of each format's signature as its spec gives it.
const SIGNATURES: readonly { name: string; bytes: readonly number[] }[] = [
  { name: 'a PNG image', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { name: 'a JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { name: 'a GIF image', bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'a PDF document', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: 'a ZIP archive (or an .svgz/.docx)', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'a gzip file (e.g. .svgz, not supported)', bytes: [0x1f, 0x8b] },
  { name: 'a WebP/RIFF file', bytes: [0x52, 0x49, 0x46, 0x46] },
];

/** What a file really is when its bytes show it is not text at all (null: could be SVG). */
export function sniffNonSvg(bytes: Uint8Array): string | null {
  for (const s of SIGNATURES) if (s.bytes.every((b, i) => bytes[i] === b)) return s.name;
  return null;
}
