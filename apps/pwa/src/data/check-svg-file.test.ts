import { describe, expect, it } from 'vitest';
import { checkSvgFile } from './check-svg-file.ts';

const svgHead = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"');
const pngHead = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const file = (over: Partial<Parameters<typeof checkSvgFile>[0]>) => ({
  name: 'poster.svg',
  type: 'image/svg+xml',
  sizeBytes: 1000,
  head: svgHead,
  ...over,
});

describe('checkSvgFile', () => {
  it('lets an SVG through to the import check', () => {
    expect(checkSvgFile(file({}))).toBeNull();
    expect(checkSvgFile(file({ type: '' }))).toBeNull();
  });
  it('names the file and the problem', () => {
    expect(checkSvgFile(file({ name: 'photo.svg', head: pngHead }))).toBe(
      'photo.svg is a PNG image renamed to .svg, not an SVG file.',
    );
    expect(checkSvgFile(file({ name: 'scan.png', type: 'image/png' }))).toBe(
      'scan.png is not an SVG file (expected a name ending in .svg, got image/png).',
    );
    expect(checkSvgFile(file({ name: 'big.svg', sizeBytes: 25 * 1024 * 1024 }))).toBe(
      'big.svg is 25 MB; the limit is 20 MB.',
    );
    expect(checkSvgFile(file({ name: 'big.svg', sizeBytes: 3 * 1024 * 1024 }), 2_000_000)).toMatch(
      /big\.svg is 3\.0 MB; the limit is 1\.9 MB/,
    );
    expect(checkSvgFile(file({ sizeBytes: 0 }))).toBe('poster.svg is empty.');
  });
});
