import { describe, expect, it } from 'vitest';
import { importSvg } from './import-svg.ts';

const svg = (body: string, head = 'width="100mm" height="100mm" viewBox="0 0 100 100"') =>
  importSvg(
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ${head}>${body}</svg>`,
  );
const starts = (body: string) =>
  svg(body).layers.flatMap((l) =>
    l.paths.map((p) => [Number(p[0]?.toFixed(6)), Number(p[1]?.toFixed(6))]),
  );

describe('walkSvg through importSvg', () => {
  it('instances <use> by href and xlink:href with its x/y offset and transform', () => {
    expect(
      starts(`<defs><path id="p" d="M1 2 L3 4" stroke="black"/></defs>
        <use href="#p" x="10"/><use xlink:href="#p" y="20" transform="translate(5,0)"/>`),
    ).toEqual([
      [11, 2],
      [6, 22],
    ]);
  });

  it('instances a <symbol> through its viewBox into the use width/height', () => {
    expect(
      starts(`<symbol id="s" viewBox="0 0 10 10"><line x1="1" y1="1" x2="2" y2="2" stroke="red"/></symbol>
        <use href="#s" x="50" y="50" width="20" height="20"/>`),
    ).toEqual([[52, 52]]);
  });

  it('stops a <use> cycle instead of recursing forever', () => {
    expect(
      starts(`<g id="g"><line x2="1" y2="1" stroke="red"/><use href="#g"/></g>`).length,
    ).toBeLessThan(40);
  });

  it('places a nested <svg> at x/y through its viewBox', () => {
    expect(
      starts(
        `<svg x="10" y="10" width="50" height="50" viewBox="0 0 5 5"><line x1="1" y1="1" x2="2" y2="2" stroke="red"/></svg>`,
      ),
    ).toEqual([[20, 20]]);
  });

  it('drops display:none subtrees and hidden shapes, but draws a visible child of a hidden group', () => {
    expect(
      starts(`<style>.gone { display: none }</style>
        <g class="gone"><line x1="1" x2="2" stroke="red"/></g>
        <g visibility="hidden" stroke="red"><line x1="2" x2="3"/><line x1="3" x2="4" visibility="visible"/></g>
        <line x1="4" x2="5" stroke="red" style="display:none"/>`),
    ).toEqual([[3, 0]]);
  });

  it('plots the outline of fill-only shapes, in the fill colour; skips unpainted shapes', () => {
    const drawing = svg(
      `<rect width="10" height="10" fill="#f00"/><rect width="5" height="5" fill="none"/><path d="M0 0 L1 1"/>`,
    );
    expect(drawing.layers.map((l) => [l.color, l.paths.length])).toEqual([
      ['#ff0000', 1],
      ['#000000', 1], // default fill is black
    ]);
  });

  it('reports unplottable elements by name and count, and clip paths that shape others', () => {
    const drawing = svg(
      `<text>a</text><text>b</text><image href="x.png" width="1" height="1"/><foreignObject/>
       <defs><clipPath id="c"><rect width="5" height="5"/></clipPath></defs>
       <text style="display:none">hidden</text>`,
    );
    expect(drawing.unplottable).toEqual({ text: 2, image: 1, foreignObject: 1, clipPath: 1 });
  });

  it('resolves units (in user space: 1cm = 37.8 user units) and percentages on shapes', () => {
    expect(starts(`<line x1="1cm" y1="50%" x2="2" y2="2" stroke="red"/>`)).toEqual([
      [37.795276, 50],
    ]);
  });

  it('flattens finer under a scaling transform, keeping the tolerance in mm', () => {
    const count = (scale: number) =>
      svg(`<circle r="1" cx="0" cy="0" stroke="red" transform="scale(${scale})"/>`).layers[0]
        ?.paths[0]?.length ?? 0;
    expect(count(20)).toBeGreaterThan(3 * count(1));
  });
});
